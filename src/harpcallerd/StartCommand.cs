using System.CommandLine;
using HarpCaller.Configuration;
using HarpCaller.Control;
using HarpCaller.Hosting;
using HarpCaller.Logging;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Daemon;

/// <summary><c>harpcallerd start [--debug] [--config=FILE] [--pidfile=FILE]</c>: the daemon, in the foreground.</summary>
internal static partial class StartCommand
{
    // How long running jobs get to finish on a graceful stop before they end with missing_result.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public static Command Create(Option<string> socket)
    {
        var config = new Option<string>("--config") { Description = "Configuration file.", DefaultValueFactory = _ => DaemonCli.DefaultConfig };
        var pidfile = new Option<string?>("--pidfile") { Description = "File to write the daemon's PID to." };
        var debug = new Option<bool>("--debug") { Description = "Log at debug level and print start-up progress." };
        var command = new Command("start", "Start the HarpCaller daemon in the foreground; SIGTERM/SIGINT stop it gracefully.")
        {
            config, pidfile, debug,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config)!, parse.GetValue(pidfile), parse.GetValue(debug), parse.GetValue(socket)!));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string? pidfile, bool debug, string socketPath)
    {
        using var signals = new SignalRelay();
        HarpCallerOptions options;
        try
        {
            options = HarpCallerConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"harpcallerd: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        // Before anything touches TLS or certificates: OpenSSL reads its configuration once.
        if (options.HarpdTlsMinVersion is HarpdTlsVersion.Tls10 or HarpdTlsVersion.Tls11)
        {
            LegacyTlsSupport.Enable(Path.Combine(options.StreamDirectory, ".tls"));
        }

        DaemonLogs logs;
        try
        {
            logs = DaemonLogs.Create(options, debug);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"harpcallerd: cannot start: log_file: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        using var ownedLogs = logs;
        var logger = logs.Factory.CreateLogger("harpcallerd");
        // --debug prints start-up progress (admin spec): on standard error when no handler
        // writes the log to the terminal already.
        var echoProgress = debug && !options.LogHandlers.Contains(DaemonLogs.StdoutHandler, StringComparer.Ordinal);
        void Progress(string step)
        {
            LogProgress(logger, step);
            if (echoProgress) Console.Error.WriteLine($"harpcallerd: start-up: {step}");
        }
        Progress($"configuration loaded from {Path.GetFullPath(configPath)}");
        NoteErlangLeftovers(options, configPath, logger);

        ControlSocketServer control;
        try
        {
            // Bound first: a second daemon on the same socket stops here, before touching the store.
            control = ControlSocketServer.Bind(socketPath, logs.Factory.CreateLogger("HarpCaller.Control"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await CannotStartAsync(logger, e.Message).ConfigureAwait(false);
        }
        Progress($"control socket on {control.Path}");

        await using (control.ConfigureAwait(false))
        {
            DispatcherHost host;
            try
            {
                host = await DispatcherHost.StartAsync(options, logs.Factory).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                return await CannotStartAsync(logger, e.Message).ConfigureAwait(false);
            }

            if (pidfile is not null) await WritePidFileAsync(pidfile).ConfigureAwait(false);

            var lifecycle = new DaemonLifecycle(configPath, host, logs, logger);
            control.Start(host, lifecycle);
            signals.Attach(lifecycle);
            Progress("ready");
            await lifecycle.StopRequested.ConfigureAwait(false);

            // The control socket keeps answering during the stop ("stopping"), and goes last.
            await host.StopAsync(StopGrace).ConfigureAwait(false);
            if (pidfile is not null) TryDelete(pidfile);
            return ExitCodes.Ok;
        }
    }

    private static async Task<int> CannotStartAsync(ILogger logger, string reason)
    {
        LogCannotStart(logger, reason);
        await Console.Error.WriteLineAsync($"harpcallerd: cannot start: {reason}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    private static void NoteErlangLeftovers(HarpCallerOptions options, string configPath, ILogger logger)
    {
        if (options.Erlang.DistributedImmediate)
        {
            LogNotice(logger, "[erlang] distributed_immediate is set, but this harpcallerd is not an Erlang node: no node networking starts");
        }
        var args = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".", "erlang.args");
        if (File.Exists(args))
        {
            LogNotice(logger, $"{args} configures the Erlang VM, which this harpcallerd does not run: ignored");
        }
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "start-up: {Step}")]
    private static partial void LogProgress(ILogger logger, string step);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Critical, Message = "cannot start: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "{Notice}")]
    private static partial void LogNotice(ILogger logger, string notice);

    private static async Task WritePidFileAsync(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(path, Environment.ProcessId + "\n").ConfigureAwait(false);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
