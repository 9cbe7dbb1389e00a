using HarpCaller.Jobs;

namespace HarpCaller.Hosting;

/// <summary>The engine side of the administrative commands.</summary>
public sealed partial class DispatcherHost
{
    /// <summary>True once <see cref="StopAsync"/> has begun.</summary>
    public bool IsStopping => Volatile.Read(ref _stopped) == 1;

    internal IReadOnlyList<(JobRecord Job, string? QueueNameJson)> ListActiveJobs() => _dispatcher.ListActive();

    internal IReadOnlyList<JobRecord> ReadStoredJobsAfter(long afterSeq, int limit) => _store.ReadJobsAfter(afterSeq, limit);

    /// <summary>A job, queued, running or ended: the live record when it is active.</summary>
    internal JobRecord? FindJob(Guid id) => _dispatcher.FindActive(id)?.Record ?? _store.GetJob(id);

    /// <summary>Cancels a job; false when no such job was ever recorded (an ended job is left as it is).</summary>
    internal async Task<bool> CancelJobAsync(Guid id)
    {
        if (await _dispatcher.CancelAsync(id).ConfigureAwait(false)) return true;
        return FindJob(id) is not null;
    }

    internal IReadOnlyList<string> ListQueues() => _dispatcher.ListQueues();

    internal IReadOnlyList<(JobRecord Job, bool Running)>? ListQueue(string queueKey) => _dispatcher.ListQueue(queueKey);

    internal Task<int> CancelQueueAsync(string queueKey) => _dispatcher.CancelQueueAsync(queueKey);
}
