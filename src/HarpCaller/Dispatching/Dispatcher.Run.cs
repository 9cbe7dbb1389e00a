using HarpCaller.Daemon;
using HarpCaller.Hosts;
using HarpCaller.Jobs;

namespace HarpCaller.Dispatching;

internal sealed partial class Dispatcher
{
    // A runner keeps at most this many packet writes in flight before waiting for their commit:
    // the stream flows at network speed, memory per job stays bounded.
    private const int PacketWritesInFlight = 256;

    // How long a job whose host is missing waits for a registry refresh in progress.
    private static readonly TimeSpan HostLookupWait = TimeSpan.FromSeconds(30);

    /// <summary>Starts the job's runner; <paramref name="startedWith"/> is the host when the start is already recorded.</summary>
    private void StartRun(ActiveJob job, HostEntry? startedWith = null)
    {
        // Runs inline up to its first await (host lookup, the start write being queued): cheap,
        // and one thread-pool hop per job fewer than Task.Run.
        var run = RunAsync(job, startedWith);
        _runners[job] = run;
        _ = run.ContinueWith(static (_, s) =>
        {
            var (self, j) = ((Dispatcher, ActiveJob))s!;
            self._runners.TryRemove(j, out var _);
        }, (this, job), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(ActiveJob job, HostEntry? startedWith)
    {
        var record = job.Record;
        byte[] outcome;
        try
        {
            if (job.EndClaimed)
            {
                // Cancelled between leaving its queue and starting.
                outcome = job.StopOutcome ?? Outcomes.Cancelled;
            }
            else if ((startedWith ?? await LookUpHostAsync(record.Host, job.Stopping).ConfigureAwait(false)) is not { } host)
            {
                // Never started: start stays null (spec 1.6).
                outcome = job.TryClaimEnd() ? Outcomes.UnknownHost : job.StopOutcome!;
            }
            else if (startedWith is null && job.Stopping.IsCancellationRequested)
            {
                // Cancelled while its host was being looked up: never started either.
                outcome = job.StopOutcome!;
            }
            else
            {
                if (startedWith is null)
                {
                    var start = Now;
                    record.Start = start;
                    // Checkpoint: the start is on disk before the daemon is contacted, so a crash
                    // from here on ends the job with missing_result instead of running it twice.
                    await _store.MarkStartedAsync(record, start).ConfigureAwait(false);
                    LogJobStarted(_logger, job.Id, record.Host);
                }
                byte[]? result;
                try
                {
                    result = await _connector.CallAsync(host, record, data => OnPacketAsync(job, data), job.Stopping)
                        .ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (job.Stopping.IsCancellationRequested)
                {
                    result = null;
                }
                catch (HarpdFailure failure)
                {
                    result = Outcomes.Error(failure.Type, failure.Message, failure.Reason);
                }
                outcome = result is not null && job.TryClaimEnd() ? result : job.StopOutcome ?? Outcomes.MissingResult;
            }

            try
            {
                await job.LastPacketWrite.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogRunnerFailed(_logger, job.Id, e);
            }
            await EndAsync(job, outcome).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogRunnerFailed(_logger, job.Id, e);
            if (!job.Ended)
            {
                job.TryClaimEnd();
                await EndAsync(job, Outcomes.Error("os_error", "the dispatcher failed to run the job", "internal")).ConfigureAwait(false);
            }
        }
        finally
        {
            Release(job);
        }
    }

    private async ValueTask<HostEntry?> LookUpHostAsync(string hostname, CancellationToken stopping)
    {
        if (_hosts.TryGet(hostname, out var host)) return host;
        // A refresh in progress may be about to add it (typically the first run at start-up).
        var pending = _hosts.PendingRefresh;
        if (pending.IsCompleted) return null;
        try
        {
            // A cancel ends the wait at once: its reply must not wait for the refresh.
            await pending.WaitAsync(HostLookupWait, _time, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return null;
        }
        return _hosts.TryGet(hostname, out host) ? host : null;
    }

    private ValueTask OnPacketAsync(ActiveJob job, byte[] data)
    {
        var record = job.Record;
        var packet = new StoredPacket(record.Packets, Now, data);
        record.Packets++;
        var write = _store.AppendPacketAsync(record, packet, () => job.OnPacketCommitted(packet));
        job.LastPacketWrite = write;
        return packet.N % PacketWritesInFlight == PacketWritesInFlight - 1 ? new ValueTask(write) : ValueTask.CompletedTask;
    }

    private static string OutcomeKind(byte[] outcome)
    {
        // Outcome lines start with {"<kind>": — enough for a log line without the payload.
        var span = outcome.AsSpan();
        var end = span.Length > 2 ? span[2..].IndexOf((byte)'"') : -1;
        return end > 0 ? System.Text.Encoding.UTF8.GetString(span.Slice(2, end)) : "?";
    }

    /// <summary>
    /// Two-phase stop: no new jobs start; running jobs get <paramref name="grace"/> to finish, then
    /// they are stopped and end with <c>missing_result</c>. Queued jobs stay in the store and run
    /// after the next start.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _stopping = true;
        var running = _runners.Values.ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(grace, _time)).ConfigureAwait(false);
        foreach (var job in _runners.Keys) job.TryStop(Outcomes.MissingResult);
        // Stopped runners only have to record their end: a short bound is enough.
        await Task.WhenAny(Task.WhenAll(_runners.Values.ToArray()), Task.Delay(TimeSpan.FromSeconds(10), _time)).ConfigureAwait(false);
    }
}
