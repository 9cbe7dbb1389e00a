using HarpCaller.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Storage;

internal sealed partial class SqliteJobStore
{
    /// <inheritdoc />
    public Task InsertJobAsync(JobRecord job) => Enqueue(new InsertJob(this, job));

    /// <inheritdoc />
    public Task MarkStartedAsync(JobRecord job, long start) => Enqueue(new MarkStarted(job.Seq, start));

    /// <inheritdoc />
    public Task AppendPacketAsync(JobRecord job, StoredPacket packet, Action? committed = null) =>
        Enqueue(new InsertPacket(job.Seq, packet, committed));

    /// <inheritdoc />
    public Task EndJobAsync(JobRecord job, long end, byte[] outcome) =>
        Enqueue(new EndJob(job.Seq, end, outcome, job.Packets));

    /// <inheritdoc />
    public async Task<int> PruneAsync(long endedBefore, CancellationToken cancellationToken)
    {
        // In slices through the writer, so a large prune never holds the write lock for long.
        var total = 0;
        while (true)
        {
            var op = new PruneSlice(this, endedBefore, PruneSliceJobs);
            await RunPacedAsync(op, cancellationToken).ConfigureAwait(false);
            total += op.Deleted;
            if (op.Deleted < PruneSliceJobs) break;
        }
        if (total > 0 && SweepDue()) await SweepIdIndexAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    // After each slice the caller waits as long as the slice took (queueing and commit
    // included): background work gets at most about half of the writer, so clients keep most
    // of the throughput while a big store is pruned (measured in docs/benchmarks.md).
    private async Task RunPacedAsync(WriteOp op, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Enqueue(op).ConfigureAwait(false);
        await Task.Delay(System.Diagnostics.Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
    }

    private Task Enqueue(WriteOp op)
    {
        if (_writes.Writer.TryWrite(op)) return op.Task;
        return EnqueueSlow(op);
    }

    private async Task EnqueueSlow(WriteOp op)
    {
        try
        {
            await _writes.Writer.WriteAsync(op).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteJobStore), "the job store is closed");
        }
        await op.Task.ConfigureAwait(false);
    }

    private void WriterLoop()
    {
        var batch = new List<WriteOp>(MaxBatch);
        try
        {
            using var connection = OpenConnection();
            ConfigureWriter(connection);
            using var statements = new WriterStatements(connection);
            var reader = _writes.Reader;
            while (true)
            {
                // A dedicated thread, so blocking here never starves the thread pool. A merge
                // slice that is due is committed even when nothing else is queued.
                if (!MergeDue)
                {
                    if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) break;
                }
                else if (reader.Completion.IsCompleted)
                {
                    break;
                }
                while (batch.Count < MaxBatch && reader.TryRead(out var op)) batch.Add(op);
                var slice = NextMergeSlice();
                if (slice is not null) batch.Add(slice);
                if (batch.Count == 0) continue;
                Commit(connection, statements, batch);
                if (slice is not null) AfterMergeSlice(slice);
                CountCommitted(batch.Count);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            LogWriterCrashed(_logger, e);
            foreach (var op in batch) op.Fail(e);
            _writes.Writer.TryComplete(e);
            while (_writes.Reader.TryRead(out var op)) op.Fail(e);
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    private void Commit(SqliteConnection connection, WriterStatements statements, List<WriteOp> batch)
    {
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                statements.Bind(transaction);
                foreach (var op in batch) op.Execute(statements);
                // Checkpoint: once Commit returns, the batch is synced to the WAL on disk
                // (synchronous=FULL). Only now may any of these writes be acknowledged.
                transaction.Commit();
            }
        }
        catch (Exception e)
        {
            LogCommitFailed(_logger, batch.Count, e);
            foreach (var op in batch) op.Fail(e);
            return;
        }

        // In issue order: a job's packets reach followers in order, before its end.
        foreach (var op in batch) op.Complete();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Critical, Message = "job store writer stopped")]
    private static partial void LogWriterCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "job store commit of {Count} writes failed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    /// <summary>Prepared statements of the writer connection, reused for every batch.</summary>
    internal sealed class WriterStatements : IDisposable
    {
        public readonly SqliteCommand InsertJob;
        public readonly SqliteCommand MarkStarted;
        public readonly SqliteCommand InsertPacket;
        public readonly SqliteCommand EndJob;
        public readonly SqliteCommand Prune;
        public readonly SqliteCommand DeletePackets;
        public readonly SqliteCommand InsertJobId;
        public readonly SqliteCommand SetMeta;
        public readonly SqliteCommand AddDangling;
        public readonly SqliteCommand SweepRangeEnd;
        public readonly SqliteCommand SweepRange;

        public WriterStatements(SqliteConnection c)
        {
            InsertJob = Make(c, """
                INSERT INTO jobs(seq, id, host, procedure, arguments, info, queue_name, queue_key,
                                 queue_concurrency, timeout_ms, max_exec_ms, submit, start, "end", outcome)
                VALUES($seq, $id, $host, $procedure, $arguments, $info, $queue_name, $queue_key,
                       $queue_concurrency, $timeout_ms, $max_exec_ms, $submit, $start, $end, $outcome)
                """, "$seq", "$id", "$host", "$procedure", "$arguments", "$info", "$queue_name",
                "$queue_key", "$queue_concurrency", "$timeout_ms", "$max_exec_ms", "$submit",
                "$start", "$end", "$outcome");
            MarkStarted = Make(c, "UPDATE jobs SET start = $start WHERE seq = $seq", "$start", "$seq");
            InsertPacket = Make(c, "INSERT OR REPLACE INTO packets(job, n, time, data) VALUES($job, $n, $time, $data)",
                "$job", "$n", "$time", "$data");
            EndJob = Make(c, "UPDATE jobs SET \"end\" = $end, outcome = $outcome, packets = $packets WHERE seq = $seq",
                "$end", "$outcome", "$packets", "$seq");
            Prune = Make(c, """
                DELETE FROM jobs WHERE seq IN (
                    SELECT seq FROM jobs WHERE "end" IS NOT NULL AND "end" < $before LIMIT $limit)
                RETURNING seq, id
                """, "$before", "$limit");
            DeletePackets = Make(c, "DELETE FROM packets WHERE job = $job", "$job");
            InsertJobId = Make(c, "INSERT OR IGNORE INTO job_ids(id, seq) VALUES($id, $seq)", "$id", "$seq");
            SetMeta = Make(c, "INSERT OR REPLACE INTO store_meta(name, value) VALUES($name, $value)", "$name", "$value");
            AddDangling = Make(c, $"UPDATE store_meta SET value = max(value + $n, 0) WHERE name = '{DanglingName}'", "$n");
            SweepRangeEnd = Make(c, "SELECT MAX(id) FROM (SELECT id FROM job_ids WHERE id > $after ORDER BY id LIMIT $limit)",
                "$after", "$limit");
            SweepRange = Make(c, """
                DELETE FROM job_ids WHERE id > $after AND id <= $last
                  AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.seq = job_ids.seq AND jobs.id = job_ids.id)
                """, "$after", "$last");
        }

        private static SqliteCommand Make(SqliteConnection c, string sql, params string[] names)
        {
            var command = c.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            return command;
        }

        public void Bind(SqliteTransaction transaction)
        {
            InsertJob.Transaction = transaction;
            MarkStarted.Transaction = transaction;
            InsertPacket.Transaction = transaction;
            EndJob.Transaction = transaction;
            Prune.Transaction = transaction;
            DeletePackets.Transaction = transaction;
            InsertJobId.Transaction = transaction;
            SetMeta.Transaction = transaction;
            AddDangling.Transaction = transaction;
            SweepRangeEnd.Transaction = transaction;
            SweepRange.Transaction = transaction;
        }

        public void Dispose()
        {
            InsertJob.Dispose();
            MarkStarted.Dispose();
            InsertPacket.Dispose();
            EndJob.Dispose();
            Prune.Dispose();
            DeletePackets.Dispose();
            InsertJobId.Dispose();
            SetMeta.Dispose();
            AddDangling.Dispose();
            SweepRangeEnd.Dispose();
            SweepRange.Dispose();
        }
    }
}
