using System.Diagnostics;
using System.Text.Json;

namespace HarpCaller.Load;

/// <summary>Runs the workers of one mode for the bounded duration (or request cap) and merges their stats.</summary>
internal sealed class LoadRunner
{
    private readonly LoadOptions _options;
    private readonly TextWriter _log;
    private long _remaining;

    public LoadRunner(LoadOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _remaining = options.Requests ?? long.MaxValue;
    }

    public async Task<LoadSummary?> RunAsync(CancellationToken cancellationToken)
    {
        var job = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (job is null && _options.Mode is LoadMode.Status or LoadMode.ReadStream)
        {
            return null;
        }

        var workers = Enumerable.Range(0, _options.Clients).Select(_ => new WorkerStats()).ToArray();

        // Hard stop: the duration plus one request bound, so a stuck request cannot extend the run.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(_options.Duration + _options.WaitTimeout);
        var started = Stopwatch.GetTimestamp();
        var endAt = started + (long)(_options.Duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = workers.Select(stats => Task.Run(() => WorkerAsync(stats, job, endAt, hardStop.Token), CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The hard stop fired: report what was measured.
        }

        return LoadSummary.Merge(_options, Stopwatch.GetElapsedTime(started), workers);
    }

    private async Task WorkerAsync(WorkerStats stats, string? job, long endAt, CancellationToken cancellationToken)
    {
        var client = new RawClient(_options.Server);
        var call = Replies.Call(_options);
        var status = job is null ? null : Replies.GetStatus(job);
        var read = job is null ? null : Replies.ReadStream(job);
        JsonElement? expected = _options.Expect is null ? null : JsonDocument.Parse(_options.Expect).RootElement.Clone();
        while (Stopwatch.GetTimestamp() < endAt && Interlocked.Decrement(ref _remaining) >= 0)
        {
            var start = Stopwatch.GetTimestamp();
            FailureKind outcome;
            switch (_options.Mode)
            {
                case LoadMode.Submit:
                    outcome = await client.ExchangeAsync(call, line => Replies.JudgeSubmit(line, out _), _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
                    break;
                case LoadMode.Status:
                    outcome = await client.ExchangeAsync(status!, Replies.JudgeStatus, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
                    break;
                case LoadMode.ReadStream:
                    long packets = 0;
                    outcome = await client.ExchangeAsync(
                        read!,
                        line =>
                        {
                            var verdict = Replies.JudgeStreamLine(line, out var isPacket);
                            if (isPacket)
                            {
                                packets++;
                            }

                            return verdict;
                        },
                        _options.RequestTimeout,
                        cancellationToken).ConfigureAwait(false);
                    stats.Packets += outcome == FailureKind.None ? packets : 0;
                    break;
                default:
                    outcome = await EndToEndAsync(client, call, expected, cancellationToken).ConfigureAwait(false);
                    break;
            }

            stats.Record(start, outcome);
        }
    }

    private async Task<FailureKind> EndToEndAsync(RawClient client, byte[] call, JsonElement? expected, CancellationToken cancellationToken)
    {
        string? id = null;
        var submitted = await client.ExchangeAsync(call, line => Replies.JudgeSubmit(line, out id), _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        if (submitted != FailureKind.None)
        {
            return submitted;
        }

        var result = await client.ExchangeAsync(Replies.GetResult(id!), line => Replies.JudgeResult(line, expected), _options.WaitTimeout, cancellationToken).ConfigureAwait(false);

        // Any final reply other than the expected result is a lost result: the call was accepted but
        // did not deliver. Transport failures keep their own counters.
        return result is FailureKind.BadReply or FailureKind.ErrorReply ? FailureKind.Lost : result;
    }

    /// <summary>Finds or makes the job that status and read_stream modes hammer.</summary>
    private async Task<string?> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode is not (LoadMode.Status or LoadMode.ReadStream))
        {
            return null;
        }

        if (_options.Job is { } given)
        {
            return given;
        }

        var client = new RawClient(_options.Server);
        string? id = null;
        var submitted = await client.ExchangeAsync(Replies.Call(_options), line => Replies.JudgeSubmit(line, out id), _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        if (submitted != FailureKind.None || id is null)
        {
            await _log.WriteLineAsync($"cannot create a job to measure ({submitted}); pass --job ID").ConfigureAwait(false);
            return null;
        }

        await _log.WriteLineAsync($"created job {id} ({_options.Procedure} on {_options.Host})").ConfigureAwait(false);
        if (_options.Mode == LoadMode.ReadStream)
        {
            // Let the stream complete first, so every read returns the same packets and the rate is comparable.
            var ended = await client.ExchangeAsync(Replies.GetResult(id), _ => LineVerdict.Done, _options.WaitTimeout, cancellationToken).ConfigureAwait(false);
            if (ended != FailureKind.None)
            {
                await _log.WriteLineAsync($"job {id} did not end ({ended})").ConfigureAwait(false);
                return null;
            }
        }

        return id;
    }
}
