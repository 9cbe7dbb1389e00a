using System.Runtime.CompilerServices;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>
/// Client of the HarpCaller dispatcher's client protocol. Each request opens its own TCP connection,
/// as the protocol requires, so an instance holds no connection and is safe to share between threads.
/// </summary>
/// <remarks>
/// Failures of the transport or the protocol throw <see cref="HarpCallerException"/>; a job's outcome,
/// including a failed call or an unknown job id on result and stream requests, is returned as a
/// <see cref="JobOutcome"/>. Cancelling a token throws <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class HarpCallerClient
{
    private readonly HarpCallerClientOptions _options;

    /// <summary>Creates a client; the options are validated here.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public HarpCallerClient(HarpCallerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options in force.</summary>
    public HarpCallerClientOptions Options => _options;

    /// <summary>Submits a call; returns its job id once the dispatcher has stored the job.</summary>
    /// <exception cref="ArgumentException">The call spec is invalid (checked before connecting).</exception>
    /// <exception cref="HarpCallerException">Transport or protocol failure, or the dispatcher rejected the request.</exception>
    public async Task<string> SubmitAsync(CallSpec call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        call.Validate();
        var line = RequestEncoder.Call(call);
        return await ExchangeAsync(line, _options.RequestTimeout, ReplyParser.ParseSubmit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gets a job's result. With <paramref name="wait"/> the dispatcher answers when the job has ended
    /// (bounded by <see cref="HarpCallerClientOptions.WaitTimeout"/>); without, it answers at once and an
    /// unfinished job gives <see cref="NoResultOutcome"/>. An unknown id gives an <see cref="ErrorOutcome"/>
    /// with <see cref="ErrorOutcome.IsInvalidJobId"/>.
    /// </summary>
    /// <exception cref="HarpCallerException">Transport or protocol failure.</exception>
    public async Task<JobOutcome> GetResultAsync(string jobId, bool wait = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var line = RequestEncoder.GetResult(jobId, wait);
        var timeout = wait ? _options.WaitTimeout : _options.RequestTimeout;
        return await ExchangeAsync(line, timeout, ReplyParser.ParseOutcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets what the dispatcher records about a job: the call, its times and its info.</summary>
    /// <exception cref="HarpCallerException">
    /// Transport or protocol failure; for an unknown id, <see cref="HarpCallerFailure.DispatcherError"/>
    /// with <see cref="HarpCallerException.IsInvalidJobId"/>.
    /// </exception>
    public async Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var line = RequestEncoder.GetStatus(jobId);
        return await ExchangeAsync(line, _options.RequestTimeout, ReplyParser.ParseStatus, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels a job: true if it was queued or running and is now stopped, false if it had already
    /// ended or does not exist.
    /// </summary>
    /// <exception cref="HarpCallerException">Transport or protocol failure, or the dispatcher rejected the request.</exception>
    public async Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var line = RequestEncoder.Cancel(jobId);
        return await ExchangeAsync(line, _options.RequestTimeout, ReplyParser.ParseCancel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Follows a job's stream: the requested recorded packets, then live packets until the job ends,
    /// then exactly one <see cref="StreamEnd"/> with the job's outcome. <paramref name="start"/>
    /// <c>default</c> means only packets produced from now on. Silence between lines is bounded by
    /// <see cref="HarpCallerClientOptions.WaitTimeout"/>.
    /// </summary>
    /// <exception cref="HarpCallerException">Transport or protocol failure, including a connection closed before the terminal line.</exception>
    public IAsyncEnumerable<StreamItem> FollowAsync(string jobId, StreamStart start = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return StreamAsync(RequestEncoder.FollowStream(jobId, start), _options.WaitTimeout, cancellationToken);
    }

    /// <summary>
    /// Reads the recorded part of a job's stream without waiting: packets, then one <see cref="StreamEnd"/>
    /// holding <see cref="ContinueOutcome"/> if the job is still going, else its outcome.
    /// <paramref name="start"/> <c>default</c> means the whole stream.
    /// </summary>
    /// <exception cref="HarpCallerException">Transport or protocol failure, including a connection closed before the terminal line.</exception>
    public IAsyncEnumerable<StreamItem> ReadStreamAsync(string jobId, StreamStart start = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return StreamAsync(RequestEncoder.ReadStream(jobId, start), _options.RequestTimeout, cancellationToken);
    }

    private async Task<T> ExchangeAsync<T>(byte[] request, TimeSpan replyTimeout, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        await using var connection = await DispatcherConnection.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(request, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);

        // One request, one reply line; anything after it is not ours to read.
        var line = await connection.ReadRequiredLineAsync(replyTimeout, cancellationToken).ConfigureAwait(false);
        return parse(line);
    }

    private async IAsyncEnumerable<StreamItem> StreamAsync(byte[] request, TimeSpan lineTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await DispatcherConnection.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(request, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            // Unlike the original client, end of file before the terminal line is an error: the
            // caller would otherwise take an incomplete stream for a finished one.
            var line = await connection.ReadRequiredLineAsync(lineTimeout, cancellationToken).ConfigureAwait(false);
            var item = ReplyParser.ParseStreamLine(line);
            yield return item;
            if (item is StreamEnd)
            {
                yield break;
            }
        }
    }
}
