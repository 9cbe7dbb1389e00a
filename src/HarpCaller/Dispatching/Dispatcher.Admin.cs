using HarpCaller.Jobs;

namespace HarpCaller.Dispatching;

/// <summary>What the administrative commands see of the engine: snapshots, never live collections.</summary>
internal sealed partial class Dispatcher
{
    /// <summary>Queued and running jobs with their queue, in submission order.</summary>
    public IReadOnlyList<(JobRecord Job, string? QueueNameJson)> ListActive()
    {
        var jobs = _active.Values.Select(j => (j.Record, j.Queue?.NameJson)).ToList();
        jobs.Sort(static (a, b) => a.Record.Seq.CompareTo(b.Record.Seq));
        return jobs;
    }

    /// <summary>Names (as the creating call wrote them) of the queues with a job running or waiting.</summary>
    public IReadOnlyList<string> ListQueues()
    {
        lock (_queueLock)
        {
            return _queues.Values.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.NameJson).ToList();
        }
    }

    /// <summary>A queue's jobs, running first then waiting in FIFO order; null when no such queue exists.</summary>
    public IReadOnlyList<(JobRecord Job, bool Running)>? ListQueue(string queueKey)
    {
        lock (_queueLock)
        {
            if (!_queues.TryGetValue(queueKey, out var queue)) return null;
            var running = queue.Running.Select(j => (j.Record, true)).OrderBy(j => j.Record.Seq);
            return running.Concat(queue.Waiting.Select(j => (j.Record, false))).ToList();
        }
    }

    /// <summary>
    /// Cancels every job of a queue: waiting ones first (so none of them starts when a running
    /// one ends), then running ones. Returns how many were cancelled.
    /// </summary>
    public async Task<int> CancelQueueAsync(string queueKey)
    {
        List<ActiveJob> waiting, running;
        lock (_queueLock)
        {
            if (!_queues.TryGetValue(queueKey, out var queue)) return 0;
            waiting = [.. queue.Waiting];
            running = [.. queue.Running];
        }
        var first = await Task.WhenAll(waiting.Select(j => CancelAsync(j.Id))).ConfigureAwait(false);
        var then = await Task.WhenAll(running.Select(j => CancelAsync(j.Id))).ConfigureAwait(false);
        return first.Count(c => c) + then.Count(c => c);
    }
}
