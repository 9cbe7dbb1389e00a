using HarpCaller.Jobs;
using static HarpCaller.Storage.SqliteJobStore;

namespace HarpCaller.Storage;

/// <summary>One queued write: executed inside a batch transaction, completed after its commit.</summary>
internal abstract class WriteOp
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _done.Task;

    public abstract void Execute(WriterStatements s);

    public virtual void Complete() => _done.TrySetResult();

    public void Fail(Exception e) => _done.TrySetException(e);
}

internal sealed class InsertJob(SqliteJobStore store, JobRecord job) : WriteOp
{
    public override void Execute(WriterStatements s)
    {
        job.Seq = store.TakeSeq();
        var p = s.InsertJob.Parameters;
        p[0].Value = job.Seq;
        p[1].Value = job.Id.ToByteArray();
        p[2].Value = job.Host;
        p[3].Value = job.Procedure;
        p[4].Value = job.ArgumentsJson;
        p[5].Value = job.InfoJson;
        p[6].Value = (object?)job.QueueNameJson ?? DBNull.Value;
        p[7].Value = (object?)job.QueueKey ?? DBNull.Value;
        p[8].Value = job.QueueConcurrency;
        p[9].Value = ToMilliseconds(job.Timeout);
        p[10].Value = ToMilliseconds(job.MaxExecTime);
        p[11].Value = job.Submit;
        // Set when the dispatcher settled the job's start (or end) at submission: same commit.
        p[12].Value = (object?)job.Start ?? DBNull.Value;
        p[13].Value = (object?)job.End ?? DBNull.Value;
        p[14].Value = (object?)job.Outcome ?? DBNull.Value;
        s.InsertJob.ExecuteNonQuery();
    }

    public override void Complete()
    {
        // Findable by id before the submitter learns the id.
        store.NoteUnindexed(job.Id, job.Seq);
        base.Complete();
    }

    private static long ToMilliseconds(TimeSpan t) =>
        t >= TimeSpan.FromDays(100_000) ? (long)TimeSpan.FromDays(100_000).TotalMilliseconds : (long)t.TotalMilliseconds;
}

internal sealed class MarkStarted(long seq, long start) : WriteOp
{
    public override void Execute(WriterStatements s)
    {
        s.MarkStarted.Parameters[0].Value = start;
        s.MarkStarted.Parameters[1].Value = seq;
        s.MarkStarted.ExecuteNonQuery();
    }
}

internal sealed class InsertPacket(long seq, StoredPacket packet, Action? committed) : WriteOp
{
    public override void Execute(WriterStatements s)
    {
        var p = s.InsertPacket.Parameters;
        p[0].Value = seq;
        p[1].Value = packet.N;
        p[2].Value = packet.Time;
        p[3].Value = packet.Data;
        s.InsertPacket.ExecuteNonQuery();
    }

    public override void Complete()
    {
        committed?.Invoke();
        base.Complete();
    }
}

internal sealed class EndJob(long seq, long end, byte[] outcome, long packets) : WriteOp
{
    public override void Execute(WriterStatements s)
    {
        var p = s.EndJob.Parameters;
        p[0].Value = end;
        p[1].Value = outcome;
        p[2].Value = packets;
        p[3].Value = seq;
        s.EndJob.ExecuteNonQuery();
    }
}

internal sealed class PruneSlice(SqliteJobStore store, long endedBefore, int limit) : WriteOp
{
    private readonly List<(Guid Id, long Seq)> _deleted = new();

    public int Deleted => _deleted.Count;

    public override void Execute(WriterStatements s)
    {
        _deleted.Clear();
        s.Prune.Parameters[0].Value = endedBefore;
        s.Prune.Parameters[1].Value = limit;
        using (var reader = s.Prune.ExecuteReader())
        {
            while (reader.Read()) _deleted.Add((new Guid((byte[])reader.GetValue(1)), reader.GetInt64(0)));
        }
        var indexed = 0;
        foreach (var (id, seq) in _deleted)
        {
            s.DeletePackets.Parameters[0].Value = seq;
            s.DeletePackets.ExecuteNonQuery();
            if (!store.IsUnindexed(id, seq)) indexed++;
        }
        // The id index keeps its entries for now: deleting them one by one writes a random
        // leaf page per job (the same cost the batched merge avoids). Lookups check the row's
        // id, and a sweep removes the dangling entries in key order (SqliteJobStore.Sweep.cs).
        s.AddDangling.Parameters[0].Value = indexed;
        s.AddDangling.ExecuteNonQuery();
    }

    public override void Complete()
    {
        store.ForgetIds(_deleted);
        base.Complete();
    }
}
