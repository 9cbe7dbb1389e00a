using HarpCaller.Jobs;

namespace HarpCaller.Storage;

/// <summary>
/// The durable job store. Every write completes only after it is committed with a sync to
/// disk; writes are applied in the order they were issued (a job's packets in order, its end
/// after its packets). Reads see committed data only.
/// </summary>
internal interface IJobStore : IAsyncDisposable
{
    /// <summary>
    /// Records a new job, with its start or its end when already set, and sets its
    /// <see cref="JobRecord.Seq"/> (submission order, as committed). The call is acknowledged to
    /// the client only after this completes.
    /// </summary>
    Task InsertJobAsync(JobRecord job);

    /// <summary>Records the start time. Completed before the daemon is contacted, so a crash never runs a call twice.</summary>
    Task MarkStartedAsync(JobRecord job, long start);

    /// <summary>Records one stream packet; <paramref name="committed"/> runs on commit, in packet order.</summary>
    Task AppendPacketAsync(JobRecord job, StoredPacket packet, Action? committed = null);

    /// <summary>Records the job's end: time, outcome, final packet count.</summary>
    Task EndJobAsync(JobRecord job, long end, byte[] outcome);

    /// <summary>A job by id, or null.</summary>
    JobRecord? GetJob(Guid id);

    /// <summary>Packets [from, toExclusive) of a job in order; <paramref name="toExclusive"/> null = to the end.</summary>
    void ReadPackets(long seq, long from, long? toExclusive, Func<StoredPacket, bool> each);

    /// <summary>Up to <paramref name="limit"/> jobs with a sequence above <paramref name="afterSeq"/>, in submission order (paging through the whole store).</summary>
    IReadOnlyList<JobRecord> ReadJobsAfter(long afterSeq, int limit);

    /// <summary>Jobs not ended (queued or running at the last stop), in submission order.</summary>
    IReadOnlyList<JobRecord> LoadUnfinished();

    /// <summary>Deletes ended jobs (and their packets) that ended before <paramref name="endedBefore"/>. Returns how many.</summary>
    Task<int> PruneAsync(long endedBefore, CancellationToken cancellationToken);
}
