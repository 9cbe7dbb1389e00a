namespace HarpCaller.Storage;

/// <summary>
/// Removal of the id index entries of pruned jobs, in key order.
/// </summary>
/// <remarks>
/// A prune deletes old jobs, whose ids sit at random places in <c>job_ids</c>: deleting their
/// entries with them wrote a random leaf page per job, and with a 1,000,000-job prune under
/// load that made the prune 2.5 times slower and the clients' p99 6 times higher (measured in
/// docs/benchmarks.md). So a prune only counts the entries it leaves behind
/// (<c>ids_dangling</c>; lookups check the row's id, so such an entry finds nothing), and once
/// a quarter of the index is dangling the prune walks the index in key order, a slice of
/// consecutive entries per commit, deleting those whose row is gone: each leaf page is written
/// once per sweep.
/// </remarks>
internal sealed partial class SqliteJobStore
{
    private const string DanglingName = "ids_dangling";

    // Consecutive index entries checked per slice (about ten leaf pages; each entry is one
    // primary-key probe of jobs, so a slice costs the writer a millisecond or two).
    private const int SweepSliceEntries = 1_024;

    private bool SweepDue()
    {
        var reader = RentReader();
        try
        {
            var (dangling, total) = reader.CountIndexEntries();
            return dangling > 0 && dangling * 4 >= total;
        }
        finally { ReturnReader(reader); }
    }

    /// <summary>Walks the whole id index once, paced like a prune, deleting entries whose job is gone.</summary>
    internal async Task SweepIdIndexAsync(CancellationToken cancellationToken)
    {
        var after = Array.Empty<byte>();  // sorts before every id
        while (true)
        {
            var slice = new SweepSlice(after, SweepSliceEntries);
            await RunPacedAsync(slice, cancellationToken).ConfigureAwait(false);
            if (slice.Last is not { } last) return;
            after = last;
        }
    }

    /// <summary>One slice of a sweep: the next consecutive entries after <paramref name="after"/>.</summary>
    internal sealed class SweepSlice(byte[] after, int limit) : WriteOp
    {
        /// <summary>The last key looked at; null once the index is walked to its end.</summary>
        public byte[]? Last { get; private set; }

        public override void Execute(WriterStatements s)
        {
            s.SweepRangeEnd.Parameters[0].Value = after;
            s.SweepRangeEnd.Parameters[1].Value = limit;
            Last = s.SweepRangeEnd.ExecuteScalar() as byte[];
            if (Last is null) return;
            s.SweepRange.Parameters[0].Value = after;
            s.SweepRange.Parameters[1].Value = Last;
            var removed = s.SweepRange.ExecuteNonQuery();
            s.AddDangling.Parameters[0].Value = -removed;
            s.AddDangling.ExecuteNonQuery();
        }
    }
}
