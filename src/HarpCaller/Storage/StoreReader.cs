using HarpCaller.Jobs;
using Microsoft.Data.Sqlite;

namespace HarpCaller.Storage;

/// <summary>A read connection with its prepared statements; pooled by <see cref="SqliteJobStore"/>.</summary>
internal sealed class StoreReader : IDisposable
{
    private const string JobColumns = """
        seq, id, host, procedure, arguments, info, queue_name, queue_key, queue_concurrency,
        timeout_ms, max_exec_ms, submit, start, "end", packets, outcome
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _getJob;
    private readonly SqliteCommand _getJobBySeq;
    private readonly SqliteCommand _packetsFrom;
    private readonly SqliteCommand _packetsRange;
    private readonly SqliteCommand _danglingIds;

    public StoreReader(SqliteConnection connection)
    {
        _connection = connection;
        // The row's id is checked: a pruned job's index entry stays until the sweep, and its
        // sequence may belong to another job after a restart.
        _getJob = Make($"SELECT {JobColumns} FROM jobs WHERE seq = (SELECT seq FROM job_ids WHERE id = $id) AND id = $id", "$id");
        _getJobBySeq = Make($"SELECT {JobColumns} FROM jobs WHERE seq = $seq", "$seq");
        _packetsFrom = Make("SELECT n, time, data FROM packets WHERE job = $job AND n >= $from ORDER BY n", "$job", "$from");
        _danglingIds = Make("SELECT (SELECT value FROM store_meta WHERE name = 'ids_dangling'), (SELECT COUNT(*) FROM job_ids)");
        _packetsRange = Make("SELECT n, time, data FROM packets WHERE job = $job AND n >= $from AND n < $to ORDER BY n", "$job", "$from", "$to");
    }

    private SqliteCommand Make(string sql, params string[] names)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    /// <summary>A job through the id index (job_ids).</summary>
    public JobRecord? GetJob(Guid id)
    {
        _getJob.Parameters[0].Value = id.ToByteArray();
        using var reader = _getJob.ExecuteReader();
        return reader.Read() ? ReadJob(reader) : null;
    }

    /// <summary>A job by sequence, if it has this id (for jobs not merged into job_ids yet).</summary>
    public JobRecord? GetJob(Guid id, long seq)
    {
        _getJobBySeq.Parameters[0].Value = seq;
        using var reader = _getJobBySeq.ExecuteReader();
        if (!reader.Read()) return null;
        var job = ReadJob(reader);
        return job.Id == id ? job : null;
    }

    public void ReadPackets(long seq, long from, long? toExclusive, Func<StoredPacket, bool> each)
    {
        SqliteCommand command;
        if (toExclusive is { } to)
        {
            if (to <= from) return;
            command = _packetsRange;
            command.Parameters[2].Value = to;
        }
        else
        {
            command = _packetsFrom;
        }
        command.Parameters[0].Value = seq;
        command.Parameters[1].Value = from;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!each(new StoredPacket(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)))) return;
        }
    }

    /// <summary>Index entries left by prunes (an estimate) and all index entries.</summary>
    public (long Dangling, long Total) CountIndexEntries()
    {
        using var reader = _danglingIds.ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? 0 : reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Packets recorded for a job, counted from the packets themselves (for jobs cut off by a crash).</summary>
    public long CountPackets(long seq)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(n) + 1, 0) FROM packets WHERE job = $job";
        command.Parameters.AddWithValue("$job", seq);
        return (long)command.ExecuteScalar()!;
    }

    public IReadOnlyList<JobRecord> Query(string whereAndOrder)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs {whereAndOrder}";
        using var reader = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read()) jobs.Add(ReadJob(reader));
        return jobs;
    }

    private static JobRecord ReadJob(SqliteDataReader r) => new()
    {
        Seq = r.GetInt64(0),
        Id = new Guid((byte[])r.GetValue(1)),
        Host = r.GetString(2),
        Procedure = r.GetString(3),
        ArgumentsJson = r.GetString(4),
        InfoJson = r.GetString(5),
        QueueNameJson = r.IsDBNull(6) ? null : r.GetString(6),
        QueueKey = r.IsDBNull(7) ? null : r.GetString(7),
        QueueConcurrency = r.GetInt32(8),
        Timeout = TimeSpan.FromMilliseconds(r.GetInt64(9)),
        MaxExecTime = TimeSpan.FromMilliseconds(r.GetInt64(10)),
        Submit = r.GetInt64(11),
        Start = r.IsDBNull(12) ? null : r.GetInt64(12),
        End = r.IsDBNull(13) ? null : r.GetInt64(13),
        Packets = r.GetInt64(14),
        Outcome = r.IsDBNull(15) ? null : (byte[])r.GetValue(15),
    };

    public void Dispose()
    {
        _getJob.Dispose();
        _getJobBySeq.Dispose();
        _packetsFrom.Dispose();
        _packetsRange.Dispose();
        _danglingIds.Dispose();
        _connection.Dispose();
    }
}
