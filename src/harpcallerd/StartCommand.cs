using System.CommandLine;
using System.Runtime.InteropServices;
using HarpCaller.Configuration;
using HarpCaller.Hosting;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Daemon;

/// <summary><c>harpcallerd start [--debug] [--config=FILE] [--pidfile=FILE]</c>: the daemon, in the foreground.</summary>
internal static class StartCommand
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

        using var loggerFactory = DaemonLogging.Create(options, debug);
        var logger = loggerFactory.CreateLogger("harpcallerd");
        if (debug) logger.LogDebug("configuration loaded from {Path}", configPath);

        DispatcherHost host;
        try
        {
            host = await DispatcherHost.StartAsync(options, loggerFactory).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogCritical("cannot start: {Reason}", e.Message);
            await Console.Error.WriteLineAsync($"harpcallerd: cannot start: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (pidfile is not null) await WritePidFileAsync(pidfile).ConfigureAwait(false);

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await stop.Task.ConfigureAwait(false);

        await host.StopAsync(StopGrace).ConfigureAwait(false);
        if (pidfile is not null) TryDelete(pidfile);
        return ExitCodes.Ok;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we stop gracefully ourselves
            stop.TrySetResult();
        }
    }

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
