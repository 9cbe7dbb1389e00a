using System.Text;
using HarpCaller.Jobs;
using HarpCaller.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Storage;

/// <summary>
/// The job id index merged in sorted slices (SqliteJobStore.IdIndex.cs), on real SQLite files:
/// every committed job is found by id before, during and after its merge, after a reopen
/// without any merge (what a crash leaves), after a prune, and in a store of the first layout.
/// </summary>
public sealed class JobIdIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string DbPath => _dir.File(SqliteJobStore.FileName);

    public void Dispose() => _dir.Dispose();

    private SqliteJobStore Open(int mergeThreshold)
    {
        var store = SqliteJobStore.Open(_dir.Path, NullLogger.Instance);
        store.MergeThreshold = mergeThreshold;
        return store;
    }

    private static JobRecord NewJob(int n, long? end = null) => new()
    {
        Id = JobIds.NewId(),
        Host = "h" + n,
        Procedure = "p",
        ArgumentsJson = $"[{n}]",
        InfoJson = "null",
        Timeout = TimeSpan.FromSeconds(60),
        MaxExecTime = TimeSpan.FromSeconds(600),
        Submit = 1_700_000_000 + n,
        Start = end,
        End = end,
        Outcome = end is null ? null : Encoding.UTF8.GetBytes("{\"result\":" + n + "}"),
    };

    private static async Task<List<JobRecord>> InsertAsync(SqliteJobStore store, int count, long? end = null)
    {
        var jobs = Enumerable.Range(0, count).Select(n => NewJob(n, end)).ToList();
        // Concurrently, as clients submit: the writer groups them into commits.
        await Task.WhenAll(jobs.Select(job => Task.Run(() => store.InsertJobAsync(job))));
        return jobs;
    }

    private static void AssertAllFound(SqliteJobStore store, IEnumerable<JobRecord> jobs)
    {
        foreach (var job in jobs)
        {
            var found = store.GetJob(job.Id);
            Assert.NotNull(found);
            Assert.Equal(job.Seq, found.Seq);
            Assert.Equal(job.ArgumentsJson, found.ArgumentsJson);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(10);
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public async Task Jobs_are_found_by_id_before_during_and_after_their_merge()
    {
        await using var store = Open(mergeThreshold: 64);
        var jobs = await InsertAsync(store, 1_000);
        // Found at once, whatever part has been merged by now.
        AssertAllFound(store, jobs);
        // Sequences are distinct and follow commit order from 1.
        Assert.Equal(Enumerable.Range(1, 1_000).Select(i => (long)i), jobs.Select(j => j.Seq).Order());

        await UntilAsync(() => store.UnindexedCount < 64 && Scalar("SELECT COUNT(*) FROM job_ids") + store.UnindexedCount == 1_000);
        AssertAllFound(store, jobs);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM job_ids i LEFT JOIN jobs j ON j.seq = i.seq WHERE j.id IS NOT i.id"));
        Assert.Null(store.GetJob(Guid.NewGuid()));
    }

    [Fact]
    public async Task No_lookup_misses_an_acknowledged_job_while_its_id_moves_into_the_index()
    {
        await using var store = Open(mergeThreshold: 32);
        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<JobRecord>();
        var writing = Task.Run(async () =>
        {
            for (var n = 0; n < 3_000; n += 10)
            {
                var jobs = Enumerable.Range(n, 10).Select(i => NewJob(i)).ToList();
                await Task.WhenAll(jobs.Select(store.InsertJobAsync));
                foreach (var job in jobs) acknowledged.Enqueue(job);
            }
        });
        var misses = 0;
        var lookups = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!writing.IsCompleted)
            {
                // Each job acknowledged so far, most recent first: those are the ones in transit.
                foreach (var job in acknowledged.Reverse().Take(200))
                {
                    Interlocked.Increment(ref lookups);
                    if (store.GetJob(job.Id)?.Seq != job.Seq) Interlocked.Increment(ref misses);
                }
                await Task.Yield();
            }
        })).ToList();
        await writing;
        await Task.WhenAll(readers);
        Assert.Equal(0, misses);
        Assert.True(lookups > 200, $"only {lookups} lookups raced the merges");
        // Once the writer is quiet, every id is in exactly one of the two places.
        await UntilAsync(() => store.UnindexedCount < 32 && Scalar("SELECT COUNT(*) FROM job_ids") + store.UnindexedCount == 3_000);
        AssertAllFound(store, acknowledged);
    }

    [Fact]
    public async Task A_reopened_store_indexes_the_ids_no_round_merged()
    {
        List<JobRecord> jobs;
        await using (var store = Open(mergeThreshold: int.MaxValue))
        {
            jobs = await InsertAsync(store, 300);
            Assert.Equal(300, store.UnindexedCount);
        }
        // What a crash leaves: rows committed, their ids only in the lost in-memory map.
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM job_ids"));
        Assert.Equal(0, Scalar("SELECT value FROM store_meta WHERE name = 'ids_indexed_through'"));

        await using (var store = Open(mergeThreshold: int.MaxValue))
        {
            Assert.Equal(0, store.UnindexedCount);
            Assert.Equal(300, Scalar("SELECT COUNT(*) FROM job_ids"));
            Assert.Equal(300, Scalar("SELECT value FROM store_meta WHERE name = 'ids_indexed_through'"));
            AssertAllFound(store, jobs);
            var next = NewJob(1);
            await store.InsertJobAsync(next);
            Assert.Equal(301, next.Seq);
            Assert.Equal(301, store.GetJob(next.Id)?.Seq);
        }
    }

    [Fact]
    public async Task The_watermark_covers_exactly_the_merged_rounds()
    {
        await using (var store = Open(mergeThreshold: 100))
        {
            var first = await InsertAsync(store, 100);
            await UntilAsync(() => store.UnindexedCount == 0);
            Assert.Equal(100, Scalar("SELECT value FROM store_meta WHERE name = 'ids_indexed_through'"));
            var second = await InsertAsync(store, 40);  // below the threshold: stays in memory
            Assert.Equal(40, store.UnindexedCount);
            AssertAllFound(store, first.Concat(second));
        }
        Assert.Equal(100, Scalar("SELECT COUNT(*) FROM job_ids"));
        await using (var store = Open(mergeThreshold: 100))
        {
            Assert.Equal(140, Scalar("SELECT COUNT(*) FROM job_ids"));
        }
    }

    [Fact]
    public async Task Pruning_removes_jobs_from_the_index_and_the_memory_map()
    {
        List<JobRecord> merged, unmerged;
        await using (var store = Open(mergeThreshold: 50))
        {
            merged = await InsertAsync(store, 50, end: 1_000);
            await UntilAsync(() => store.UnindexedCount == 0);
            store.MergeThreshold = int.MaxValue;
            unmerged = await InsertAsync(store, 30, end: 1_000);
            Assert.Equal(30, store.UnindexedCount);

            Assert.Equal(80, await store.PruneAsync(endedBefore: 2_000, CancellationToken.None));
            Assert.Equal(0, store.UnindexedCount);
            // All of the index was left dangling by the prune: swept at once.
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM job_ids"));
            Assert.Equal(0, Scalar("SELECT value FROM store_meta WHERE name = 'ids_dangling'"));
            foreach (var job in merged.Concat(unmerged)) Assert.Null(store.GetJob(job.Id));
        }
        // Every row is gone, but sequences already covered by the watermark are not handed out
        // again: a reused one would be below the watermark and missed by the next reopen.
        await using (var store = Open(mergeThreshold: int.MaxValue))
        {
            var next = NewJob(1);
            await store.InsertJobAsync(next);
            Assert.True(next.Seq > 50, $"sequence {next.Seq} reused below the watermark");
            Assert.NotNull(store.GetJob(next.Id));
        }
    }

    [Fact]
    public async Task A_small_prune_leaves_index_entries_that_find_nothing_and_a_larger_one_sweeps_them()
    {
        await using var store = Open(mergeThreshold: 1);
        var old = await InsertAsync(store, 30, end: 1_000);
        var live = await InsertAsync(store, 270, end: 5_000);
        await UntilAsync(() => store.UnindexedCount == 0);

        // 30 of 300 entries dangling: below a quarter, no sweep.
        Assert.Equal(30, await store.PruneAsync(endedBefore: 2_000, CancellationToken.None));
        Assert.Equal(300, Scalar("SELECT COUNT(*) FROM job_ids"));
        Assert.Equal(30, Scalar("SELECT value FROM store_meta WHERE name = 'ids_dangling'"));
        foreach (var job in old) Assert.Null(store.GetJob(job.Id));
        AssertAllFound(store, live);

        // Another 100 ended early: 130 of 300 dangling, the sweep runs and keeps the live ones.
        var later = live.Take(100).ToList();
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE jobs SET \"end\" = 1500 WHERE seq IN ({string.Join(',', later.Select(j => j.Seq))})";
            Assert.Equal(100, command.ExecuteNonQuery());
        }
        Assert.Equal(100, await store.PruneAsync(endedBefore: 2_000, CancellationToken.None));
        Assert.Equal(170, Scalar("SELECT COUNT(*) FROM job_ids"));
        Assert.Equal(0, Scalar("SELECT value FROM store_meta WHERE name = 'ids_dangling'"));
        foreach (var job in old.Concat(later)) Assert.Null(store.GetJob(job.Id));
        AssertAllFound(store, live.Skip(100));
    }

    [Fact]
    public async Task A_dangling_entry_never_finds_the_job_that_reuses_its_sequence()
    {
        List<JobRecord> jobs;
        await using (var store = Open(mergeThreshold: 1))
        {
            jobs = await InsertAsync(store, 20, end: 5_000);
            await UntilAsync(() => store.UnindexedCount == 0);
        }
        var newest = jobs.OrderByDescending(j => j.Seq).Take(4).ToList();
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE jobs SET \"end\" = 1000 WHERE seq IN ({string.Join(',', newest.Select(j => j.Seq))})";
            command.ExecuteNonQuery();
        }
        await using (var store = Open(mergeThreshold: int.MaxValue))
        {
            Assert.Equal(4, await store.PruneAsync(endedBefore: 2_000, CancellationToken.None));  // 4 of 20: no sweep
        }
        // What a crash in the middle of a merge round leaves: entries above the watermark.
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE store_meta SET value = 10 WHERE name = 'ids_indexed_through'";
            command.ExecuteNonQuery();
        }
        await using (var store = Open(mergeThreshold: int.MaxValue))
        {
            var next = NewJob(99);
            await store.InsertJobAsync(next);
            Assert.Equal(17, next.Seq);  // the first pruned job's sequence, taken again
            Assert.Equal(17, Scalar("SELECT seq FROM job_ids WHERE id = X'" + Convert.ToHexString(newest.Single(j => j.Seq == 17).Id.ToByteArray()) + "'"));
            foreach (var job in newest) Assert.Null(store.GetJob(job.Id));
            Assert.Equal(next.ArgumentsJson, store.GetJob(next.Id)?.ArgumentsJson);
            AssertAllFound(store, jobs.Except(newest));
        }
    }

    [Fact]
    public async Task A_store_of_the_first_layout_is_converted_with_its_jobs_and_packets()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE jobs(
                    seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, host TEXT NOT NULL,
                    procedure TEXT NOT NULL, arguments TEXT NOT NULL, info TEXT NOT NULL,
                    queue_name TEXT, queue_key TEXT, queue_concurrency INTEGER NOT NULL,
                    timeout_ms INTEGER NOT NULL, max_exec_ms INTEGER NOT NULL, submit INTEGER NOT NULL,
                    start INTEGER, "end" INTEGER, packets INTEGER NOT NULL DEFAULT 0, outcome BLOB);
                CREATE INDEX jobs_unfinished ON jobs(seq) WHERE "end" IS NULL;
                CREATE INDEX jobs_end ON jobs("end") WHERE "end" IS NOT NULL;
                CREATE TABLE packets(job INTEGER NOT NULL, n INTEGER NOT NULL, time INTEGER NOT NULL,
                    data BLOB NOT NULL, PRIMARY KEY(job, n)) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
            for (var i = 0; i < ids.Length; i++)
            {
                command.CommandText = """
                    INSERT INTO jobs(seq, id, host, procedure, arguments, info, queue_concurrency,
                                     timeout_ms, max_exec_ms, submit, start, "end", packets, outcome)
                    VALUES($seq, $id, 'h', 'p', $args, 'null', 1, 60000, 600000, 1, 2, $end, $packets, $outcome)
                    """;
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$seq", i + 1);
                command.Parameters.AddWithValue("$id", ids[i].ToByteArray());
                command.Parameters.AddWithValue("$args", $"[{i}]");
                command.Parameters.AddWithValue("$end", i == 2 ? DBNull.Value : 3);
                command.Parameters.AddWithValue("$packets", i == 0 ? 1 : 0);
                command.Parameters.AddWithValue("$outcome", i == 2 ? DBNull.Value : "{\"result\":1}"u8.ToArray());
                command.ExecuteNonQuery();
            }
            command.Parameters.Clear();
            command.CommandText = "INSERT INTO packets(job, n, time, data) VALUES(1, 0, 2, X'7B7D')";
            command.ExecuteNonQuery();
        }

        await using (var store = Open(mergeThreshold: int.MaxValue))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var job = store.GetJob(ids[i]);
                Assert.NotNull(job);
                Assert.Equal(i + 1, job.Seq);
                Assert.Equal($"[{i}]", job.ArgumentsJson);
            }
            var packets = new List<StoredPacket>();
            store.ReadPackets(1, 0, null, p => { packets.Add(p); return true; });
            Assert.Equal([0L], packets.Select(p => p.N));
            Assert.Equal([3L], store.LoadUnfinished().Select(j => j.Seq));
            var next = NewJob(9);
            await store.InsertJobAsync(next);
            Assert.Equal(4, next.Seq);
        }
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'sqlite_autoindex_jobs_%'"));
        Assert.Equal(2, Scalar("PRAGMA user_version"));
        Assert.Equal(3, Scalar("SELECT COUNT(*) FROM job_ids"));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'"));
    }
}
