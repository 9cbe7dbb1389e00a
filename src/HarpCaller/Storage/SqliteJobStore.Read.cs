using HarpCaller.Jobs;

namespace HarpCaller.Storage;

internal sealed partial class SqliteJobStore
{
    // Reads are short indexed lookups (tens of microseconds), run synchronously on the caller.
    // Idle readers are kept for reuse, up to this many: one per busy core is plenty.
    private const int MaxIdleReaders = 16;

    /// <inheritdoc />
    public JobRecord? GetJob(Guid id)
    {
        var reader = RentReader();
        try { return TryGetUnindexedSeq(id, out var seq) ? reader.GetJob(id, seq) : reader.GetJob(id); }
        finally { ReturnReader(reader); }
    }

    /// <inheritdoc />
    public void ReadPackets(long seq, long from, long? toExclusive, Func<StoredPacket, bool> each)
    {
        var reader = RentReader();
        try { reader.ReadPackets(seq, from, toExclusive, each); }
        finally { ReturnReader(reader); }
    }

    /// <inheritdoc />
    public IReadOnlyList<JobRecord> ReadJobsAfter(long afterSeq, int limit)
    {
        var reader = RentReader();
        // Keyset paging on the primary key: each page is one short read, so a listing of a
        // million jobs never holds a read transaction (and the WAL) open for long.
        try { return reader.Query($"WHERE seq > {afterSeq} ORDER BY seq LIMIT {Math.Max(1, limit)}"); }
        finally { ReturnReader(reader); }
    }

    /// <inheritdoc />
    public IReadOnlyList<JobRecord> LoadUnfinished()
    {
        var reader = RentReader();
        try
        {
            var jobs = reader.Query("WHERE \"end\" IS NULL ORDER BY seq");
            // The packet count column is written with the end; a job cut off by a crash has
            // its packets but not the count.
            foreach (var job in jobs) job.Packets = reader.CountPackets(job.Seq);
            return jobs;
        }
        finally { ReturnReader(reader); }
    }

    private StoreReader RentReader() =>
        _readers.TryTake(out var reader) ? reader : new StoreReader(OpenConnection());

    private void ReturnReader(StoreReader reader)
    {
        if (_readers.Count < MaxIdleReaders) _readers.Add(reader);
        else reader.Dispose();
    }
}
