using System.Collections.Concurrent;
using System.Threading.Channels;
using HarpCaller.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Storage;

/// <summary>
/// Job store in one SQLite database under <c>stream_directory</c>, in WAL mode with
/// <c>synchronous=FULL</c>: a commit returns only after the WAL is synced to disk.
/// Throughput comes from group commit: one writer thread takes every write queued while
/// the previous commit was syncing and commits them together (one sync for the batch).
/// </summary>
internal sealed partial class SqliteJobStore : IJobStore
{
    /// <summary>File name inside stream_directory.</summary>
    public const string FileName = "jobs.sqlite";

    // Bounded so a daemon streaming faster than the disk syncs is slowed down, not buffered without end.
    private const int WriteQueueCapacity = 65_536;

    // Jobs deleted per prune slice (each with its packets): a slice shares its commit with
    // whatever else is queued, so it must stay short.
    private const int PruneSliceJobs = 200;

    // Upper bound of writes in one transaction: keeps a commit's latency bounded under a flood.
    private const int MaxBatch = 4_096;

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly Channel<WriteOp> _writes;
    private readonly Thread _writerThread;
    private readonly ConcurrentBag<StoreReader> _readers = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextSeq;  // the writer's only

    private SqliteJobStore(string path, ILogger logger)
    {
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        _writes = Channel.CreateBounded<WriteOp>(new BoundedChannelOptions(WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "job-store-writer" };
    }

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    public static SqliteJobStore Open(string directory, ILogger logger)
    {
        CreatePrivateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path) && !OperatingSystem.IsWindows())
        {
            // Created empty with 0600 before SQLite opens it: job records are private data.
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }

        var store = new SqliteJobStore(path, logger);
        store.Initialise();
        store._writerThread.Start();
        store.StartCheckpointer();
        return store;
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // WAL: readers never block the writer. FULL: a commit syncs the WAL (durability before ack).
        // busy_timeout: a reader may briefly meet a checkpoint.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=OFF;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Initialise()
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (HasUniqueIdColumn(command)) DropUniqueIdColumn(command);
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS jobs({JobsColumnsSql});
            CREATE INDEX IF NOT EXISTS jobs_unfinished ON jobs(seq) WHERE "end" IS NULL;
            CREATE INDEX IF NOT EXISTS jobs_end ON jobs("end") WHERE "end" IS NOT NULL;
            CREATE TABLE IF NOT EXISTS packets(
                job INTEGER NOT NULL,
                n INTEGER NOT NULL,
                time INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY(job, n)) WITHOUT ROWID;
            {IdIndexSchemaSql}
            PRAGMA user_version = {SchemaVersion};
            """;
        command.ExecuteNonQuery();
        var indexedThrough = MergeUnindexedIds(command);
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM jobs";
        // Never below the index watermark: a pruned tail must not hand out sequence numbers
        // the watermark already claims as indexed.
        _nextSeq = Math.Max((long)command.ExecuteScalar()!, indexedThrough) + 1;
        _indexedThrough = indexedThrough;
        transaction.Commit();
    }

    // Column order matters: the migration copies rows positionally.
    private const string JobsColumnsSql = """
        seq INTEGER PRIMARY KEY,
        id BLOB NOT NULL,
        host TEXT NOT NULL,
        procedure TEXT NOT NULL,
        arguments TEXT NOT NULL,
        info TEXT NOT NULL,
        queue_name TEXT,
        queue_key TEXT,
        queue_concurrency INTEGER NOT NULL,
        timeout_ms INTEGER NOT NULL,
        max_exec_ms INTEGER NOT NULL,
        submit INTEGER NOT NULL,
        start INTEGER,
        "end" INTEGER,
        packets INTEGER NOT NULL DEFAULT 0,
        outcome BLOB
        """;

    // 2: job ids indexed in job_ids (SqliteJobStore.IdIndex.cs); 0 or 1: the first layout,
    // where jobs.id carried a UNIQUE index of its own.
    private const int SchemaVersion = 2;

    private static bool HasUniqueIdColumn(SqliteCommand command)
    {
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND name LIKE 'sqlite_autoindex_jobs_%'";
        return (long)command.ExecuteScalar()! > 0;
    }

    // The first layout's UNIQUE constraint on jobs.id cannot be dropped in place: the table is
    // copied once into the current layout (same columns, same order); job_ids is then filled
    // by the merge that follows, as for any unindexed job.
    private void DropUniqueIdColumn(SqliteCommand command)
    {
        LogMigrating(_logger);
        command.CommandText = $"""
            CREATE TABLE jobs_current({JobsColumnsSql});
            INSERT INTO jobs_current SELECT * FROM jobs;
            DROP TABLE jobs;
            ALTER TABLE jobs_current RENAME TO jobs;
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writerDone.Task.ConfigureAwait(false);
        await StopCheckpointerAsync().ConfigureAwait(false);
        while (_readers.TryTake(out var reader)) reader.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
