using System.Collections.Concurrent;
using HarpCaller.Configuration;
using HarpCaller.Daemon;
using HarpCaller.Hosts;
using HarpCaller.Jobs;
using HarpCaller.Storage;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Dispatching;

/// <summary>
/// The engine: accepts calls, keeps queues, runs jobs on daemons, and records everything in
/// the job store. Queued and running jobs are held in memory; ended jobs only in the store.
/// </summary>
internal sealed partial class Dispatcher
{
    private readonly ConcurrentDictionary<Guid, ActiveJob> _active = new();
    private readonly ConcurrentDictionary<ActiveJob, Task> _runners = new();
    private readonly Dictionary<string, JobQueue> _queues = new(StringComparer.Ordinal);
    private readonly Lock _queueLock = new();
    private readonly IJobStore _store;
    private readonly HostsRegistry _hosts;
    private readonly HarpdConnector _connector;
    private readonly TimeProvider _time;
    private readonly Func<HarpCallerOptions> _options;
    private readonly ILogger _logger;
    private volatile bool _stopping;

    public Dispatcher(
        IJobStore store, HostsRegistry hosts, HarpdConnector connector,
        Func<HarpCallerOptions> options, TimeProvider time, ILogger<Dispatcher> logger)
    {
        _store = store;
        _hosts = hosts;
        _connector = connector;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public IJobStore Store => _store;

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Records a new job durably and admits it; returns its id once it is stored.</summary>
    public async Task<Guid> SubmitAsync(SubmitSpec spec)
    {
        if (_stopping) throw new InvalidOperationException("the dispatcher is stopping");
        var options = _options();
        var maxExec = spec.MaxExecTime is { } m && m < options.MaxExecTime ? m : options.MaxExecTime;
        var now = Now;
        // A queued job joins (or creates) its queue before it is stored, and stores the queue's
        // concurrency: after a restart its queue is rebuilt with that value, not with whatever
        // the job itself asked for (spec 1.9: the creating call's concurrency holds).
        var queue = spec.QueueKey is { } key ? ReserveQueue(key, spec.QueueNameJson!, spec.QueueConcurrency) : null;
        var record = new JobRecord
        {
            Id = JobIds.NewId(),
            Host = spec.Host,
            Procedure = spec.Procedure,
            ArgumentsJson = spec.ArgumentsJson,
            InfoJson = spec.InfoJson,
            QueueNameJson = spec.QueueNameJson,
            QueueKey = spec.QueueKey,
            QueueConcurrency = queue?.Concurrency ?? spec.QueueConcurrency,
            Timeout = spec.Timeout ?? options.DefaultTimeout,
            MaxExecTime = maxExec,
            Submit = now,
        };
        var host = DecideAtSubmit(record, now);
        // Checkpoint: the job is on disk before anyone learns its id (with its start, or its end,
        // when DecideAtSubmit settled that: still on disk before the daemon is contacted).
        try
        {
            await _store.InsertJobAsync(record).ConfigureAwait(false);
        }
        catch when (queue is not null)
        {
            CancelReservation(queue);
            throw;
        }
        LogJobSubmitted(_logger, record.Id, record.Procedure, record.Host, record.QueueNameJson ?? "none");
        if (record.End is not null)
        {
            LogJobEnded(_logger, record.Id, record.Host, OutcomeKind(record.Outcome!));
            return record.Id;
        }
        var job = new ActiveJob(record);
        _active[record.Id] = job;
        if (host is not null)
        {
            LogJobStarted(_logger, record.Id, record.Host);
            StartRun(job, host);
        }
        else
        {
            Admit(job, queue);
        }
        return record.Id;
    }

    /// <summary>
    /// A job outside any queue starts at once, and its host can usually be looked up right now:
    /// then its start — or for an unknown host its end — goes into the same commit as the job
    /// itself (one durable write fewer, one commit less to wait for). Returns the host when the
    /// job is to run at once; null when the usual path decides (queues, a refresh in progress).
    /// </summary>
    private HostEntry? DecideAtSubmit(JobRecord record, long now)
    {
        if (record.QueueKey is not null) return null;
        if (_hosts.TryGet(record.Host, out var host))
        {
            record.Start = now;
            return host;
        }
        if (_hosts.PendingRefresh.IsCompleted)
        {
            // Never started: start stays null (spec 1.6).
            record.End = now;
            record.Outcome = Outcomes.UnknownHost;
        }
        return null;
    }

    /// <summary>The in-memory state of a queued or running job, or null.</summary>
    public ActiveJob? FindActive(Guid id) => _active.TryGetValue(id, out var job) ? job : null;

    /// <summary>Cancels a queued or running job; false when it had already ended or does not exist.</summary>
    public async Task<bool> CancelAsync(Guid id)
    {
        if (!_active.TryGetValue(id, out var job)) return false;
        if (TryTakeFromQueue(job))
        {
            // Nobody will run it now: the canceller records the end. start stays null (spec 1.4).
            if (!job.TryStop(Outcomes.Cancelled)) return false;
            await EndAsync(job, Outcomes.Cancelled).ConfigureAwait(false);
            return true;
        }
        if (!job.TryStop(Outcomes.Cancelled)) return false;
        // The runner closes the daemon connection at once and records the end.
        await job.Completion.ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Start-up: jobs that were running when the dispatcher last stopped end with
    /// <c>missing_result</c>; queued ones are admitted again in their original order.
    /// </summary>
    public async Task RecoverAsync()
    {
        var unfinished = _store.LoadUnfinished();
        var requeued = 0;
        var missing = 0;
        foreach (var record in unfinished)
        {
            if (record.Start is not null)
            {
                var end = Now;
                record.End = end;
                await _store.EndJobAsync(record, end, Outcomes.MissingResult).ConfigureAwait(false);
                LogJobEnded(_logger, record.Id, record.Host, "missing_result");
                missing++;
                continue;
            }
            var job = new ActiveJob(record);
            _active[record.Id] = job;
            Admit(job);
            requeued++;
        }
        if (unfinished.Count > 0) LogRecovered(_logger, requeued, missing);
    }

    private async Task EndAsync(ActiveJob job, byte[] outcome)
    {
        var end = Now;
        job.Record.End = end;
        job.Record.Outcome = outcome;
        try
        {
            await _store.EndJobAsync(job.Record, end, outcome).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The job stays unfinished in the store and is recovered as missing_result on restart.
            LogEndNotRecorded(_logger, job.Id, e);
        }
        job.OnEnded(outcome);
        _active.TryRemove(job.Id, out _);
        LogJobEnded(_logger, job.Id, job.Record.Host, OutcomeKind(outcome));
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "recovered jobs: {Requeued} queued again, {Missing} ended with missing_result")]
    private static partial void LogRecovered(ILogger logger, int requeued, int missing);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "could not record the end of job {JobId}")]
    private static partial void LogEndNotRecorded(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "job {JobId} failed inside the dispatcher")]
    private static partial void LogRunnerFailed(ILogger logger, Guid jobId, Exception exception);

    // One line per step of a job's life. Never the arguments: they may carry secrets.
    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "job {JobId} on {Host} ended: {Kind}")]
    private static partial void LogJobEnded(ILogger logger, Guid jobId, string host, string kind);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "job {JobId} submitted: {Procedure} on {Host}, queue {Queue}")]
    private static partial void LogJobSubmitted(ILogger logger, Guid jobId, string procedure, string host, string queue);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "job {JobId} started on {Host}")]
    private static partial void LogJobStarted(ILogger logger, Guid jobId, string host);
}
