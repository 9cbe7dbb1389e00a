using System.CommandLine;
using System.Diagnostics;
using CloudI.Configuration;
using CloudI.Executable.Control;
using CloudI.Executable.Logging;
using CloudI.Runtime;
using Erlang.Terms;
using Microsoft.Extensions.Logging;

namespace CloudI.Executable.Commands;

/// <summary>
/// <c>cloudi start --config=FILE [--code-path=DIR ...] [--socket=PATH] [--node=NAME]</c>: the
/// runtime, in the foreground, until SIGTERM, SIGINT or <c>cloudi stop</c>.
/// </summary>
internal static partial class StartCommand
{
    public static Command Create(SignalRelay? signals)
    {
        var config = new Option<string>("--config")
        {
            Description = "The CloudI configuration file (acl, services, nodes, logging).",
            HelpName = "FILE",
            Required = true,
        };
        var codePath = new Option<string[]>("--code-path")
        {
            Description = "A directory whose *.dll files are searched for service types (repeatable).",
            HelpName = "DIR",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var socket = Cli.SocketOption();
        var node = new Option<string?>("--node")
        {
            Description = "The node name, name@host (default: cloudi@HOSTNAME).",
            HelpName = "NAME",
        };
        node.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && (value.IndexOf('@') <= 0 || value.EndsWith('@')))
            {
                result.AddError($"--node: '{value}' is not a node name (name@host).");
            }
        });

        var command = new Command("start",
            "Start the runtime in the foreground: load the configuration, start its services in order (a failure "
            + "stops everything and exits non-zero), serve the control socket. SIGTERM, SIGINT and 'cloudi stop' "
            + "stop every service within its termination timeout, then exit 0. SIGHUP reopens the log file.")
        {
            config, codePath, socket, node,
        };
        command.SetAction((parse, _) => RunAsync(
            parse.GetValue(config)!, parse.GetValue(codePath) ?? [], parse.GetValue(socket), parse.GetValue(node), signals));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string[] codePaths, string? socketOption, string? node,
        SignalRelay? signals)
    {
        long begun = Stopwatch.GetTimestamp();
        foreach (string directory in codePaths)
        {
            if (!Directory.Exists(directory))
            {
                return Cli.Fail(ExitCodes.Usage, $"--code-path: {directory}: no such directory");
            }
        }

        CloudIConfig config;
        try
        {
            config = CloudIConfigReader.Load(configPath);
        }
        catch (Exception e) when (e is CloudIConfigException or ErlangTermSyntaxException)
        {
            return Cli.Fail(ExitCodes.Configuration, $"invalid configuration: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Cli.Fail(ExitCodes.Configuration, $"cannot read the configuration {configPath}: {e.Message}");
        }

        string fullConfig = Path.GetFullPath(configPath);
        string? logFile = config.Logging.File is { } file
            ? Path.GetFullPath(file, Path.GetDirectoryName(fullConfig)!)
            : null;
        LogSinks sinks;
        try
        {
            sinks = new LogSinks(logFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Cli.Fail(ExitCodes.Configuration, $"cannot open the log file {logFile}: {e.Message}");
        }

        var lines = new LineLoggerProvider(sinks, LogLevels.Minimum(config.Logging.Level));
        var loggingControl = new ExecutableLoggingControl(sinks, lines, LoggingSettings.FromConfig(config.Logging),
            Path.GetDirectoryName(fullConfig)!);
        using (sinks)
        using (var factory = new LineLoggerFactory(lines))
        {
            // Before the first logger exists: the factory picks its providers per logger at creation.
            factory.AddProvider(loggingControl);
            ILogger log = factory.CreateLogger("cloudi");
            string nodeName = node ?? $"cloudi@{Environment.MachineName}";
            LogStarting(log, Environment.ProcessId, nodeName, fullConfig);
            signals?.OnHangup(() =>
            {
                if (sinks.Reopen() is { } problem)
                {
                    LogReopenFailed(log, sinks.FilePath!, problem);
                }
                else if (sinks.FilePath is not null)
                {
                    LogReopened(log, sinks.FilePath);
                }
            });

            string socketPath = SocketPaths.Resolve(socketOption);
            ControlSocketServer control;
            try
            {
                // Bound before any service starts: a second runtime on the same socket stops here.
                control = ControlSocketServer.Bind(socketPath, string.IsNullOrEmpty(socketOption), factory.CreateLogger("cloudi.control"));
            }
            catch (ControlSocketUnavailableException e)
            {
                LogCannotStart(log, e.Message);
                return Cli.Fail(ExitCodes.ControlSocket, $"cannot start: {e.Message}");
            }

            await using (control.ConfigureAwait(false))
            {
                var runtime = new CloudIRuntime(new CloudIRuntimeOptions
                {
                    NodeName = nodeName,
                    LoggerFactory = factory,
                    Acl = config.Acl,
                });
                // The modules a stock cloudi.conf names: external services, the HTTP front and the Service API.
                CloudI.External.Hosting.ExternalServices.Enable(runtime);
                CloudI.Http.HttpFrontService.Register(runtime);
                CloudI.ServiceApi.ServiceApiService.Register(runtime);
                runtime.Logging = loggingControl;
                runtime.Nodes = config.Nodes;
                await using (runtime.ConfigureAwait(false))
                {
                    foreach (string directory in codePaths)
                    {
                        runtime.ServiceTypes.AddCodePath(directory);
                    }

                    runtime.ServiceRemoved += (_, e) => LogServiceRemoved(log, Describe(e.Config), e.Id, e.Reason);
                    var host = new RuntimeHost(runtime, fullConfig);
                    signals?.OnStopRequested(host.RequestStop);
                    control.Start(host);
                    LogControlSocket(log, control.Path);

                    int exit = await StartServicesAsync(runtime, host, config, log).ConfigureAwait(false);
                    if (exit != ExitCodes.Ok)
                    {
                        host.SetStopping();
                        await runtime.StopAsync().ConfigureAwait(false);
                        LogStopped(log);
                        return exit;
                    }

                    if (!host.IsStopRequested)
                    {
                        host.SetRunning();
                        LogStarted(log, runtime.Services.Count, (long)Stopwatch.GetElapsedTime(begun).TotalMilliseconds,
                            (long)host.Uptime.TotalMilliseconds);
                    }

                    string reason = await host.StopRequested.ConfigureAwait(false);
                    host.SetStopping();
                    LogStopping(log, reason, runtime.Services.Count);
                    await runtime.StopAsync().ConfigureAwait(false);
                    LogStopped(log);
                }
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Starts the configured services in file order; the first failure ends the start-up (semantics §9.3).</summary>
    private static async Task<int> StartServicesAsync(CloudIRuntime runtime, RuntimeHost host, CloudIConfig config, ILogger log)
    {
        for (int index = 0; index < config.Services.Count; index++)
        {
            if (host.IsStopRequested)
            {
                return ExitCodes.Ok;
            }

            ServiceConfig service = config.Services[index];
            try
            {
                await runtime.AddServiceAsync(service).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                string reason = e is ServiceStartException s ? s.Reason : e.GetType().Name;
                string message = $"{Where(service)}service {index + 1} of {config.Services.Count}, {Describe(service)}: "
                    + $"{reason}: {e.Message}";
                LogServiceFailed(log, message, e.InnerException ?? e);
                return Cli.Fail(ExitCodes.ServiceStart, $"cannot start: {message}");
            }
        }

        return ExitCodes.Ok;
    }

    private static string Where(ServiceConfig service) => service.Position is { } p ? $"{p}: " : "";

    private static string Describe(ServiceConfig service) => service switch
    {
        InternalServiceConfig i => $"{i.Module} (prefix {i.Prefix})",
        ExternalServiceConfig e => $"{e.FilePath} (prefix {e.Prefix})",
        _ => service.Prefix,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "cloudi starting: pid {Pid}, node {Node}, configuration {Config}")]
    private static partial void LogStarting(ILogger logger, int pid, string node, string config);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "control socket {Path}")]
    private static partial void LogControlSocket(ILogger logger, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "cloudi started: {Count} services in {Milliseconds} ms ({SinceExec} ms since the process started)")]
    private static partial void LogStarted(ILogger logger, int count, long milliseconds, long sinceExec);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "cloudi stopping ({Reason}): {Count} services")]
    private static partial void LogStopping(ILogger logger, string reason, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "cloudi stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "cannot start: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Critical, Message = "cannot start: {Reason}")]
    private static partial void LogServiceFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error,
        Message = "service {Service} ({Id}) removed after exhausting its restarts ({Reason}); the runtime keeps running")]
    private static partial void LogServiceRemoved(ILogger logger, string service, Guid id, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "log file {Path} reopened")]
    private static partial void LogReopened(ILogger logger, string path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "cannot reopen the log file {Path}: {Reason}")]
    private static partial void LogReopenFailed(ILogger logger, string path, string reason);
}
