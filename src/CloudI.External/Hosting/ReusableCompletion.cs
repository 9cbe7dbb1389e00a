using System.Threading.Tasks.Sources;

namespace CloudI.External.Hosting;

/// <summary>
/// The end of the request an external thread is handling, reused for every request instead of
/// a new TaskCompletionSource each time. <see cref="Complete"/> may race (the library's return
/// and a kill); only the first call of each round counts. Continuations run on the completing
/// thread, as the handler's awaiter wants (the socket reader goes straight on with the next
/// queued request).
/// </summary>
internal sealed class ReusableCompletion : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _armed;

    /// <summary>Starts a round; the previous round's wait must have ended.</summary>
    public ValueTask Arm()
    {
        _core.Reset();
        Volatile.Write(ref _armed, 1);
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Ends the current round; false when it already ended (or none was started).</summary>
    public bool Complete()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return false;
        }

        _core.SetResult(true);
        return true;
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _core.OnCompleted(continuation, state, token, flags);
}
