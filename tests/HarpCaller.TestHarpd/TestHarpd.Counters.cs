using HarpCaller.TestHarpd.Internal;

namespace HarpCaller.TestHarpd;

/// <summary>What tests observe: counters, the last procedure called, and waits on them.</summary>
public sealed partial class TestHarpd
{
    private long _connectionsAccepted;
    private int _openConnections;
    private long _requestsSeen;
    private string? _lastProcedure;

    // Completed and cleared on every counter change, created only when someone waits, so the
    // benchmark path does not allocate for waiters that do not exist.
    private TaskCompletionSource? _changed;

    /// <summary>TCP connections accepted since start.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Connections accepted and not yet closed (handshaking, working or lingering).</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>Complete request lines received, well-formed or not.</summary>
    public long RequestsSeen => Interlocked.Read(ref _requestsSeen);

    /// <summary>
    /// Procedure named by the last well-formed request (also when authentication then failed);
    /// null before the first. Credentials are never exposed.
    /// </summary>
    public string? LastProcedure => Volatile.Read(ref _lastProcedure);

    /// <summary>Waits until exactly <paramref name="count"/> connections are open.</summary>
    /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>.</exception>
    public Task WaitForOpenConnectionsAsync(int count, TimeSpan timeout) =>
        WaitUntilAsync(() => OpenConnections == count, $"{count} open connection(s)", timeout);

    /// <summary>Waits until at least <paramref name="count"/> request lines have been received.</summary>
    /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>.</exception>
    public Task WaitForRequestsSeenAsync(long count, TimeSpan timeout) =>
        WaitUntilAsync(() => RequestsSeen >= count, $"{count} request(s) seen", timeout);

    internal void OnConnectionAccepted()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        Interlocked.Increment(ref _openConnections);
        SignalChange();
    }

    internal void OnConnectionClosed(HarpConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        Interlocked.Decrement(ref _openConnections);
        connection.Trace("closed");
        SignalChange();
    }

    internal void OnRequestSeen()
    {
        Interlocked.Increment(ref _requestsSeen);
        SignalChange();
    }

    internal void OnRequestParsed(string procedure) => Volatile.Write(ref _lastProcedure, procedure);

    private void SignalChange() => Interlocked.Exchange(ref _changed, null)?.TrySetResult();

    private async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        // Real time on purpose: a test's fake clock must not be able to make this wait forever.
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            // Take the signal before testing, so a change between the two completes it.
            TaskCompletionSource changed = Volatile.Read(ref _changed) ?? CreateSignal();
            if (condition())
            {
                return;
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TimeoutException(
                    $"Waited {timeout} for {what}; now {OpenConnections} open, {ConnectionsAccepted} accepted, {RequestsSeen} request(s) seen.");
            }

            try
            {
                await changed.Task.WaitAsync(TimeSpan.FromMilliseconds(left)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop once more: test the condition a last time and report.
            }
        }
    }

    private TaskCompletionSource CreateSignal()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Interlocked.CompareExchange(ref _changed, fresh, null) ?? fresh;
    }
}
