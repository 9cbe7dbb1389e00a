namespace HarpCaller.Hosts;

public sealed partial class HostsRegistry
{
    /// <summary>
    /// Completes when the script run in progress (if any) has ended; at once when none is running.
    /// A job whose host is missing waits on it, so a registry still being filled at start-up
    /// does not end jobs with unknown_host.
    /// </summary>
    public Task PendingRefresh
    {
        get
        {
            lock (_gate)
            {
                return _run is { IsCompleted: false } run ? run : Task.CompletedTask;
            }
        }
    }
}
