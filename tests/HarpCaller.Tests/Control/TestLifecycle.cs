using HarpCaller.Configuration;
using HarpCaller.Control;
using HarpCaller.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Control;

/// <summary>
/// The daemon-level actions for an in-process dispatcher: stop and reopen are counted, reload
/// applies <see cref="NextConfiguration"/> to the real dispatcher (the executable's file
/// handling is tested with the real process).
/// </summary>
internal sealed class TestLifecycle(DispatcherHost host) : IDaemonLifecycle
{
    private int _stops;
    private int _reopens;

    public bool Stopping { get; set; }

    public int Stops => _stops;

    public int Reopens => _reopens;

    public Func<HarpCallerOptions>? NextConfiguration { get; set; }

    public int RequestStop()
    {
        Interlocked.Increment(ref _stops);
        return Environment.ProcessId;
    }

    public Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var options = NextConfiguration?.Invoke() ?? host.Options;
            return Task.FromResult(new ReloadOutcome(null, host.Reconfigure(options, NullLoggerFactory.Instance)));
        }
        catch (ConfigException e)
        {
            return Task.FromResult(ReloadOutcome.Failed(e.Message));
        }
    }

    public void ReopenLogs() => Interlocked.Increment(ref _reopens);
}
