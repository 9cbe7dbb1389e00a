namespace HarpCaller.Jobs;

/// <summary>
/// A job that is queued or running: the in-memory part of its state. Ended jobs live only in
/// the store, so memory does not grow with the number of recorded jobs.
/// </summary>
internal sealed class ActiveJob(JobRecord record)
{
    private readonly TaskCompletionSource<byte[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<StreamSubscriber> _subscribers = [];
    private readonly CancellationTokenSource _cancel = new();
    private bool _endClaimed;

    /// <summary>Guards the packet count, subscribers and the ended flag together, so a new follower
    /// sees an exact count and every packet committed after it subscribed.</summary>
    public object Gate { get; } = new();

    public JobRecord Record { get; } = record;

    public Guid Id => Record.Id;

    /// <summary>Completes with the outcome once the end is committed to the store.</summary>
    public Task<byte[]> Completion => _completion.Task;

    /// <summary>Cancelled when the job is to stop: cancel request or dispatcher shutdown.</summary>
    public CancellationToken Stopping => _cancel.Token;

    /// <summary>Why the job is being stopped (its outcome), set before <see cref="Stopping"/> fires.</summary>
    public byte[]? StopOutcome { get; private set; }

    /// <summary>The queue the job belongs to, null outside queues (guarded by the dispatcher's queue lock).</summary>
    public Dispatching.JobQueue? Queue { get; set; }

    /// <summary>The last packet write issued by the runner; awaited before the end is written.</summary>
    public Task LastPacketWrite { get; set; } = Task.CompletedTask;

    /// <summary>Committed packet count (guarded by <see cref="Gate"/>).</summary>
    public long CommittedPackets { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>True once the job's end has been decided (by its runner, a cancel, or shutdown).</summary>
    public bool EndClaimed { get { lock (Gate) return _endClaimed; } }

    /// <summary>
    /// Decides the job's end from outside its runner (cancel, shutdown) and closes its daemon
    /// connection. False if the end was already decided. Whoever owns the job (its runner, or
    /// the canceller that took it out of its queue) then records <see cref="StopOutcome"/>.
    /// </summary>
    public bool TryStop(byte[] outcome)
    {
        lock (Gate)
        {
            if (_endClaimed) return false;
            _endClaimed = true;
            StopOutcome = outcome;
        }
        _cancel.Cancel();
        return true;
    }

    /// <summary>The runner's claim on a natural end; false when a stop got there first.</summary>
    public bool TryClaimEnd()
    {
        lock (Gate)
        {
            if (_endClaimed) return false;
            _endClaimed = true;
            return true;
        }
    }

    /// <summary>Registers a follower; returns the count of packets already committed.</summary>
    public long Subscribe(StreamSubscriber subscriber, out bool ended)
    {
        lock (Gate)
        {
            ended = Ended;
            if (!ended) _subscribers.Add(subscriber);
            return CommittedPackets;
        }
    }

    public void Unsubscribe(StreamSubscriber subscriber)
    {
        lock (Gate) _subscribers.Remove(subscriber);
    }

    /// <summary>Runs on the store's writer thread right after the packet's commit, in order.</summary>
    public void OnPacketCommitted(StoredPacket packet)
    {
        lock (Gate)
        {
            CommittedPackets = packet.N + 1;
            foreach (var s in _subscribers) s.Offer(packet);
        }
    }

    /// <summary>The end is committed: release waiters and followers.</summary>
    public void OnEnded(byte[] outcome)
    {
        lock (Gate)
        {
            Ended = true;
            foreach (var s in _subscribers) s.Close();
            _subscribers.Clear();
        }
        _completion.TrySetResult(outcome);
    }
}
