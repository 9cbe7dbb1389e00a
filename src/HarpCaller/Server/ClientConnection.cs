using System.Net.Sockets;
using HarpCaller.Dispatching;
using HarpCaller.Jobs;
using HarpCaller.Protocol;
using HarpCaller.Transport;

namespace HarpCaller.Server;

/// <summary>
/// One client connection: one request line, its reply line(s), close (spec 1.1). Invalid input
/// gets one error line; nothing a client sends can take the dispatcher down.
/// </summary>
internal sealed partial class ClientConnection
{
    // How long a result waiter waits before it starts watching for the client leaving.
    private static readonly TimeSpan QuietWait = TimeSpan.FromSeconds(1);

    private readonly ClientSocketStream _stream;
    private readonly ClientConnectionContext _context;
    private readonly CancellationToken _stopping;

    private ClientConnection(Socket socket, ClientConnectionContext context, CancellationToken stopping)
    {
        _stream = new ClientSocketStream(socket) { SendTimeout = context.WriteTimeout };
        _context = context;
        _stopping = stopping;
    }

    private Dispatcher Dispatcher => _context.Dispatcher;

    public static async Task RunAsync(Socket socket, ClientConnectionContext context, CancellationToken stopping)
    {
        var connection = new ClientConnection(socket, context, stopping);
        await using (connection._stream.ConfigureAwait(false))
        {
            await connection.ServeAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeAsync()
    {
        ClientRequest request;
        using (var lines = new LineReader(_stream, _context.Limits.MaxLineBytes))
        {
            // The whole request line within the idle timeout; the timer is armed only if a read
            // has to wait (the request has usually arrived with the connection).
            _stream.SetReadDeadline(_context.Limits.IdleTimeout);
            ReadOnlyMemory<byte>? line;
            try
            {
                line = await lines.ReadLineAsync(_stopping).ConfigureAwait(false);
            }
            catch (LineTooLongException e)
            {
                await WriteAsync(ClientReplies.Error("invalid_request", $"request {e.Message}")).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                return; // idle client or shutting down: just close
            }
            catch (IOException)
            {
                return;
            }
            if (line is null) return;
            // Waiting requests read on to notice the client leaving: no deadline for that.
            _stream.SetReadDeadline(Timeout.InfiniteTimeSpan);

            try
            {
                request = ClientRequestParser.Parse(line.Value.Span);
            }
            catch (ProtocolException e)
            {
                await WriteAsync(ClientReplies.InvalidRequest(e)).ConfigureAwait(false);
                return;
            }
        }

        switch (request)
        {
            case CallRequest call:
                await HandleCallAsync(call).ConfigureAwait(false);
                break;
            case CancelRequest cancel:
                await HandleCancelAsync(cancel.JobId).ConfigureAwait(false);
                break;
            case GetResultRequest result:
                await HandleResultAsync(result.JobId, result.Wait).ConfigureAwait(false);
                break;
            case GetStatusRequest status:
                await HandleStatusAsync(status.JobId).ConfigureAwait(false);
                break;
            case FollowStreamRequest follow:
                await HandleStreamAsync(follow.JobId, follow.Since, follow.Recent, live: true).ConfigureAwait(false);
                break;
            case ReadStreamRequest read:
                await HandleStreamAsync(read.JobId, read.Since, read.Recent, live: false).ConfigureAwait(false);
                break;
        }
    }

    private async Task HandleCallAsync(CallRequest call)
    {
        var spec = new SubmitSpec(
            call.Host, call.Procedure, call.ArgumentsJson, call.InfoJson,
            ToTimeSpan(call.TimeoutSeconds), ToTimeSpan(call.MaxExecTimeSeconds),
            call.Queue?.NameJson, call.Queue?.Key, call.Queue?.Concurrency ?? 1);
        Guid id;
        try
        {
            id = await Dispatcher.SubmitAsync(spec).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not stored, so not acknowledged: the client sees no job id.
            await WriteAsync(ClientReplies.Error("os_error", "the job could not be recorded")).ConfigureAwait(false);
            return;
        }
        await WriteAsync(ClientReplies.JobId(id)).ConfigureAwait(false);
    }

    private async Task HandleCancelAsync(string jobId)
    {
        var cancelled = TryParseId(jobId, out var id) && await Dispatcher.CancelAsync(id).ConfigureAwait(false);
        await WriteAsync(ClientReplies.Cancelled(cancelled)).ConfigureAwait(false);
    }

    private async Task HandleResultAsync(string jobId, bool wait)
    {
        if (!TryParseId(jobId, out var id))
        {
            await WriteAsync(ClientReplies.InvalidJobId()).ConfigureAwait(false);
            return;
        }
        var job = Dispatcher.FindActive(id);
        if (job is not null)
        {
            if (!wait && !job.Completion.IsCompleted)
            {
                await WriteAsync(ClientReplies.NoResult()).ConfigureAwait(false);
                return;
            }
            byte[] outcome;
            try
            {
                outcome = await WaitForOutcomeAsync(job).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the client left, or we are stopping
            }
            await WriteLineAsync(outcome).ConfigureAwait(false);
            return;
        }

        await ThreadPoolHop.Instance; // the store read below is synchronous
        var record = Dispatcher.Store.GetJob(id);
        if (record is null) await WriteAsync(ClientReplies.InvalidJobId()).ConfigureAwait(false);
        else if (record.Outcome is null) await WriteAsync(ClientReplies.NoResult()).ConfigureAwait(false);
        else await WriteLineAsync(record.Outcome).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for a job's outcome; cancelled when the client leaves or we stop. Most calls end
    /// within moments, so the connection is watched for the client leaving only after
    /// <see cref="QuietWait"/>: watching costs an armed receive, and its abort at close, on every
    /// request. A client gone meanwhile keeps its waiter that much longer at most.
    /// </summary>
    private async Task<byte[]> WaitForOutcomeAsync(ActiveJob job)
    {
        var completion = job.Completion;
        if (!completion.IsCompleted)
        {
            try
            {
                return await completion.WaitAsync(QuietWait, _stopping).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A longer call: from now on a client that leaves releases its waiter at once.
            }
        }
        using var peerGone = WatchPeer();
        return await completion.WaitAsync(peerGone.Token).ConfigureAwait(false);
    }

    private async Task HandleStatusAsync(string jobId)
    {
        JobRecord? record = null;
        if (TryParseId(jobId, out var id))
        {
            record = Dispatcher.FindActive(id)?.Record;
            if (record is null)
            {
                await ThreadPoolHop.Instance; // the store read below is synchronous
                record = Dispatcher.Store.GetJob(id);
            }
        }
        if (record is null)
        {
            await WriteAsync(ClientReplies.InvalidJobId()).ConfigureAwait(false);
            return;
        }
        await WriteAsync(ClientReplies.Status(
            record.Host, record.Procedure, record.ArgumentsJson, record.Submit, record.Start, record.End, record.InfoJson)).ConfigureAwait(false);
    }

    private static bool TryParseId(string text, out Guid id) => Guid.TryParseExact(text, "D", out id);

    private static TimeSpan? ToTimeSpan(double? seconds) => seconds switch
    {
        null => null,
        // Anything beyond a century is "no practical limit"; avoids TimeSpan overflow on 1e300.
        > 3_153_600_000 => TimeSpan.FromSeconds(3_153_600_000),
        var s => TimeSpan.FromSeconds(s.Value),
    };
}
