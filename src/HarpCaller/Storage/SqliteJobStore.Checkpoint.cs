using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Storage;

/// <summary>
/// WAL checkpoints off the writer's path. SQLite's automatic checkpoint runs inside the commit
/// that crosses its threshold: that commit (and every write queued behind it) waits while
/// pages are copied into the database and the database file is synced — a multi-millisecond
/// stall every few thousand writes under load. Here a thread of its own checkpoints PASSIVE
/// (never blocking the writer or readers) whenever enough has been committed; the writer's
/// automatic checkpoint remains only as a backstop at a much larger WAL.
/// </summary>
internal sealed partial class SqliteJobStore
{
    // Writes committed since the last checkpoint before the next one is started.
    private const int CheckpointEveryWrites = 2_000;

    // The writer checkpoints by itself when the WAL reaches this many pages (16 MiB). A
    // checkpoint running beside the writer cannot restart a WAL that is being appended to;
    // the writer's own, between two commits, can — and finds most frames already copied by
    // then, so it is short. It bounds the WAL file under sustained load.
    private const int BackstopCheckpointPages = 4_096;

    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private readonly TaskCompletionSource _checkpointerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;
    private int _writesSinceCheckpoint;

    private void StartCheckpointer()
    {
        new Thread(CheckpointLoop) { IsBackground = true, Name = "job-store-checkpoint" }.Start();
    }

    /// <summary>Called by the writer after each commit.</summary>
    private void CountCommitted(int writes)
    {
        _writesSinceCheckpoint += writes;
        if (_writesSinceCheckpoint < CheckpointEveryWrites) return;
        _writesSinceCheckpoint = 0;
        WakeCheckpointer();
    }

    // At most one wake-up pending: a checkpoint already due covers every later request.
    private void WakeCheckpointer()
    {
        if (_checkpointDue.CurrentCount > 0) return;
        try { _checkpointDue.Release(); } catch (SemaphoreFullException) { }
    }

    private void CheckpointLoop()
    {
        try
        {
            using var connection = OpenConnection();
            using var passive = connection.CreateCommand();
            passive.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            while (!_closing)
            {
                // Also every few seconds when idle, so a quiet store's WAL is folded in too.
                _checkpointDue.Wait(TimeSpan.FromSeconds(5));
                if (_closing) return;
                passive.ExecuteNonQuery();
            }
        }
        catch (Exception e)
        {
            // The writer's backstop checkpoint still bounds the WAL.
            LogCheckpointerStopped(_logger, e);
        }
        finally
        {
            _checkpointerDone.TrySetResult();
        }
    }

    private async Task StopCheckpointerAsync()
    {
        _closing = true;
        WakeCheckpointer();
        // A checkpoint in progress finishes first; bounded so a stuck disk cannot hang the stop.
        await _checkpointerDone.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private static void ConfigureWriter(SqliteConnection writer)
    {
        using var pragma = writer.CreateCommand();
        // A larger page cache than SQLite's 2 MiB default: the id index takes inserts at random
        // places, and every miss is a read on the writer's critical path. The WAL file is cut
        // back to the limit whenever it restarts.
        pragma.CommandText = $"PRAGMA wal_autocheckpoint={BackstopCheckpointPages}; PRAGMA cache_size=-8192; PRAGMA journal_size_limit={BackstopCheckpointPages * 4096L};";
        pragma.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "job store checkpoint thread stopped; the writer checkpoints by itself")]
    private static partial void LogCheckpointerStopped(ILogger logger, Exception exception);
}
