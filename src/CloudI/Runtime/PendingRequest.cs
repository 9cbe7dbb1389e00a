using System.Threading.Tasks.Sources;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Runtime;

/// <summary>How the sender wants a request's outcome.</summary>
internal enum PendingKind
{
    /// <summary><c>send_sync</c>: a waiting caller.</summary>
    Sync,

    /// <summary><c>send_async</c>/<c>mcast_async</c>: stored for <c>recv_async</c>.</summary>
    Passive,

    /// <summary><c>*_async_active</c>: an info message to the sender.</summary>
    Active,
}

/// <summary>
/// A request the sender still expects an outcome for. Exactly one outcome wins
/// (<see cref="TryFinish"/>): a response, the sender's own timer, or the destination's death.
/// The timer is a <see cref="DeadlineScheduler"/> entry (the request itself), not a
/// <see cref="System.Threading.Timer"/>: a response that wins takes it out of a heap.
/// </summary>
internal sealed class PendingRequest : DeadlineEntry, IValueTaskSource<SendSyncResult>
{
    private ManualResetValueTaskSourceCore<SendSyncResult> _core;
    private int _finished;

    public PendingRequest(ServiceDispatcher owner, PendingKind kind, TransId transId, string name, uint timeout, long deadline)
    {
        Owner = owner;
        Kind = kind;
        TransId = transId;
        Name = name;
        Timeout = timeout;
        Deadline = deadline;
    }

    /// <summary>The sender, which owns the outcome.</summary>
    public ServiceDispatcher Owner { get; }

    public PendingKind Kind { get; }

    public TransId TransId { get; }

    public string Name { get; }

    public uint Timeout { get; }

    public long Deadline { get; }

    /// <summary>The destination watched for death (§5.5), when the timeout is long.</summary>
    public ServiceDispatcher? Monitored { get; set; }

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    public bool TryFinish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return false;
        }

        // Null when the timer was never started (or not yet: StartTimer then sees _finished).
        Scheduler?.Cancel(this);
        Monitored?.Unmonitor(this);
        return true;
    }

    /// <summary>Expires the request at its <see cref="Deadline"/> (the owner's <c>ExpirePending</c>), unless finished first.</summary>
    public void StartTimer()
    {
        DeadlineScheduler scheduler = DeadlineScheduler.Current;

        // Published before Schedule's lock (a full fence), and TryFinish reads it after its own
        // interlocked exchange: either TryFinish sees the scheduler and cancels under the lock,
        // or this thread sees the request finished below and cancels it itself.
        Scheduler = scheduler;
        scheduler.Schedule(this, Deadline);
        if (IsFinished)
        {
            scheduler.Cancel(this);
        }
    }

    /// <inheritdoc />
    protected internal override void OnDeadline() => Owner.ExpirePending(this);

    public void SetResult(SendSyncResult result) => _core.SetResult(result);

    public ValueTask<SendSyncResult> AsValueTask() => new(this, _core.Version);

    SendSyncResult IValueTaskSource<SendSyncResult>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<SendSyncResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<SendSyncResult>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _core.OnCompleted(continuation, state, token, flags);
}
