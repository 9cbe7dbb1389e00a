using HarpCaller.Hosts.Internal;

namespace HarpCaller.Hosts;

// Script runs: starting, joining, and turning a run into a new registry.
public sealed partial class HostsRegistry
{
    /// <summary>
    /// Starts a refresh in the background (<c>hosts-refresh</c>) unless one is running.
    /// </summary>
    /// <returns>
    /// True when a run started; false when one was already running (the request is a no-op),
    /// no script is configured, or the registry is disposed.
    /// </returns>
    public bool RequestRefresh()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            if (_options.Script is null)
            {
                Log.RefreshWithoutScript(_logger);
                return false;
            }

            if (_run is { IsCompleted: false })
            {
                Log.RefreshAlreadyRunning(_logger);
                return false;
            }

            _run = StartRun(_options);
            return true;
        }
    }

    /// <summary>
    /// Runs the script now, or joins the run in progress, and returns that run's outcome.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the run itself continues.</param>
    /// <returns>The outcome; <see cref="RefreshStatus.SkippedNoScript"/> when no script is configured.</returns>
    /// <exception cref="ObjectDisposedException">The registry is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<RefreshOutcome> RefreshAsync(CancellationToken cancellationToken)
    {
        Task<RefreshOutcome> run;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_options.Script is null)
            {
                return Task.FromResult(RefreshOutcome.Of(RefreshStatus.SkippedNoScript));
            }

            if (_run is not { IsCompleted: false })
            {
                _run = StartRun(_options);
            }

            run = _run;
        }

        return run.WaitAsync(cancellationToken);
    }

    /// <summary>Queues a run on the thread pool. Called under <see cref="_gate"/>.</summary>
    private Task<RefreshOutcome> StartRun(HostsRegistryOptions options)
    {
        // Process start forks and may take a while: never under the lock. Not flowing the
        // caller's execution context keeps a request's logging scope out of the background run.
        return WithoutContextFlow(() => Task.Run(() => RunAsync(options)));
    }

    /// <summary>One refresh; every failure becomes an outcome (never throws).</summary>
    private async Task<RefreshOutcome> RunAsync(HostsRegistryOptions options)
    {
        try
        {
            long started = _time.GetTimestamp();
            ScriptRunResult result = await ScriptRunner.RunAsync(options, _logger, _time, _disposeCts.Token).ConfigureAwait(false);
            if (result.Status != RefreshStatus.Succeeded)
            {
                // Registry untouched (spec: non-zero exit, crash or time-out leave it as it was).
                return new RefreshOutcome
                {
                    Status = result.Status,
                    IgnoredLines = result.IgnoredLines,
                    ExitCode = result.ExitCode,
                    Signal = result.Signal,
                };
            }

            // The age of the registry is measured from the end of the run that produced it.
            HostsSnapshot snapshot = HostsSnapshot.Create(result.Hosts!, _time.GetUtcNow());
            // Checkpoint: from this write on, every lookup sees the new registry.
            Volatile.Write(ref _snapshot, snapshot);
            Log.RefreshSucceeded(_logger, options.Script!, snapshot.ByName.Count, result.IgnoredLines,
                (long)_time.GetElapsedTime(started).TotalMilliseconds);

            bool persisted = await PersistAsync(options.HostDbPath, snapshot).ConfigureAwait(false);
            return new RefreshOutcome
            {
                Status = RefreshStatus.Succeeded,
                HostCount = snapshot.ByName.Count,
                IgnoredLines = result.IgnoredLines,
                ExitCode = 0,
                Persisted = persisted,
            };
        }
        catch (Exception e)
        {
            Log.RefreshFaulted(_logger, e);
            return RefreshOutcome.Of(RefreshStatus.Faulted);
        }
    }

    private async Task<bool> PersistAsync(string path, HostsSnapshot snapshot)
    {
        try
        {
            // Not cancelled by shutdown: the registry is already in force, and saving it is
            // short and bounded by the disk; losing it would mean a needless run at next start.
            await HostsFile.SaveAsync(path, snapshot, CancellationToken.None).ConfigureAwait(false);
            Log.Persisted(_logger, path, snapshot.ByName.Count);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In force in memory; the next successful run tries to write again.
            Log.PersistFailed(_logger, path, e);
            return false;
        }
    }
}
