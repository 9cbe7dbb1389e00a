using HarpCaller.Jobs;

namespace HarpCaller.Dispatching;

internal sealed partial class Dispatcher
{
    /// <summary>Starts the job now, or parks it in its queue when the queue is at its concurrency.</summary>
    private void Admit(ActiveJob job)
    {
        var key = job.Record.QueueKey;
        if (key is null)
        {
            StartRun(job);
            return;
        }
        bool startNow;
        lock (_queueLock)
        {
            if (!_queues.TryGetValue(key, out var queue))
            {
                // The creating call fixes the concurrency for the queue's whole life (spec 1.9).
                queue = new JobQueue(key, job.Record.QueueNameJson!, Math.Max(1, job.Record.QueueConcurrency));
                _queues.Add(key, queue);
            }
            job.Queue = queue;
            startNow = queue.Running.Count < queue.Concurrency && queue.Waiting.Count == 0 && !_stopping;
            if (startNow) queue.Running.Add(job);
            else queue.Waiting.Enqueue(job);
        }
        if (startNow) StartRun(job);
    }

    /// <summary>Frees the job's slot in its queue and starts whoever is next, FIFO.</summary>
    private void Release(ActiveJob job)
    {
        var queue = job.Queue;
        if (queue is null) return;
        List<ActiveJob>? next = null;
        lock (_queueLock)
        {
            queue.Running.Remove(job);
            while (!_stopping && queue.Running.Count < queue.Concurrency && queue.Waiting.TryDequeue(out var waiting))
            {
                queue.Running.Add(waiting);
                (next ??= []).Add(waiting);
            }
            if (queue.IsEmpty) _queues.Remove(queue.Key);
        }
        if (next is null) return;
        foreach (var j in next) StartRun(j);
    }

    /// <summary>Takes a job out of its queue's waiting line; false when it is not waiting there.</summary>
    private bool TryTakeFromQueue(ActiveJob job)
    {
        var queue = job.Queue;
        if (queue is null) return false;
        lock (_queueLock)
        {
            if (!queue.Waiting.Contains(job)) return false;
            var rest = queue.Waiting.Where(j => j != job).ToList();
            queue.Waiting.Clear();
            foreach (var j in rest) queue.Waiting.Enqueue(j);
            if (queue.IsEmpty) _queues.Remove(queue.Key);
            return true;
        }
    }
}
