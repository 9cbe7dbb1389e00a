using HarpCaller.Jobs;

namespace HarpCaller.Dispatching;

internal sealed partial class Dispatcher
{
    /// <summary>
    /// Finds or creates the queue a job being submitted will join, and holds it: a queue with a
    /// reservation is not removed when its last job ends, so the job joins the queue whose
    /// concurrency it recorded.
    /// </summary>
    private JobQueue ReserveQueue(string key, string nameJson, int concurrency)
    {
        lock (_queueLock)
        {
            var queue = FindOrCreateQueue(key, nameJson, concurrency);
            queue.Reserved++;
            return queue;
        }
    }

    /// <summary>Gives up a reservation whose job was not stored.</summary>
    private void CancelReservation(JobQueue queue)
    {
        lock (_queueLock)
        {
            queue.Reserved--;
            if (queue.IsEmpty) _queues.Remove(queue.Key);
        }
    }

    // Caller holds the queue lock. The creating call fixes the concurrency for the queue's
    // whole life (spec 1.9).
    private JobQueue FindOrCreateQueue(string key, string nameJson, int concurrency)
    {
        if (!_queues.TryGetValue(key, out var queue))
        {
            queue = new JobQueue(key, nameJson, Math.Max(1, concurrency));
            _queues.Add(key, queue);
        }
        return queue;
    }

    /// <summary>
    /// Starts the job now, or parks it in its queue when the queue is at its concurrency.
    /// <paramref name="reserved"/>: the queue the job reserved at submission.
    /// </summary>
    private void Admit(ActiveJob job, JobQueue? reserved = null)
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
            JobQueue queue;
            if (reserved is not null)
            {
                queue = reserved;
                queue.Reserved--;
            }
            else
            {
                // Recovery: the stored concurrency is the queue's own (see ReserveQueue).
                queue = FindOrCreateQueue(key, job.Record.QueueNameJson!, job.Record.QueueConcurrency);
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
