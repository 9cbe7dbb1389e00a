using HarpCaller.Configuration;
using HarpCaller.Control;
using HarpCaller.Hosting;
using HarpCaller.Hosts;
using HarpCaller.Logging;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Daemon;

/// <summary>
/// The running daemon's own actions, shared by the control socket and the signals: stop
/// (SIGTERM, SIGINT, <c>stop</c>), reload (SIGHUP, <c>reload</c>), reopen the log file.
/// </summary>
internal sealed partial class DaemonLifecycle(string configPath, DispatcherHost host, DaemonLogs logs, ILogger logger) : IDaemonLifecycle
{
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One reload at a time: SIGHUP and the command may race.
    private readonly SemaphoreSlim _reloading = new(1, 1);

    /// <summary>Completes when a stop was requested.</summary>
    public Task StopRequested => _stop.Task;

    /// <inheritdoc />
    public bool Stopping => _stop.Task.IsCompleted;

    /// <inheritdoc />
    public int RequestStop()
    {
        if (_stop.TrySetResult()) LogStopRequested(logger);
        return Environment.ProcessId;
    }

    /// <inheritdoc />
    public async Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            HarpCallerOptions options;
            try
            {
                options = HarpCallerConfigLoader.Load(configPath);
            }
            catch (ConfigException e)
            {
                // The message names the file, line and key; the running configuration stays.
                LogReloadFailed(logger, e.Message);
                return ReloadOutcome.Failed(e.Message);
            }
            try
            {
                // Everything that can fail is checked before anything changes.
                HostsRegistryOptions.FromConfiguration(options).Validate();
                logs.Apply(options);
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                LogReloadFailed(logger, e.Message);
                return ReloadOutcome.Failed($"{configPath}: {e.Message}");
            }
            var restart = host.Reconfigure(options, logs.Factory);
            foreach (var key in restart) LogNeedsRestart(logger, key);
            return new ReloadOutcome(null, restart);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <inheritdoc />
    public void ReopenLogs() => logs.ReopenLogFile();

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "stop requested")]
    private static partial void LogStopRequested(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "reload failed, the running configuration stays: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "reload: a change of {Key} takes effect only after a restart")]
    private static partial void LogNeedsRestart(ILogger logger, string key);
}
