using System.Net.Sockets;
using HarpCaller.Dispatching;
using HarpCaller.Protocol;
using HarpCaller.Transport;

namespace HarpCaller.Server;

/// <summary>
/// One client connection: one request line, its reply line(s), close (spec 1.1). Invalid input
/// gets one error line; nothing a client sends can take the dispatcher down.
/// </summary>
internal sealed partial class ClientConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly ClientConnectionContext _context;
    private readonly CancellationToken _stopping;

    private ClientConnection(Socket socket, ClientConnectionContext context, CancellationToken stopping)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
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
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping))
        {
            idle.CancelAfter(_context.Limits.IdleTimeout);
            ReadOnlyMemory<byte>? line;
            try
            {
                line = await lines.ReadLineAsync(idle.Token).ConfigureAwait(false);
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
            using var peerGone = WatchPeer();
            byte[] outcome;
            try
            {
                outcome = await job.Completion.WaitAsync(peerGone.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the client left, or we are stopping
            }
            await WriteLineAsync(outcome).ConfigureAwait(false);
            return;
        }

        var record = Dispatcher.Store.GetJob(id);
        if (record is null) await WriteAsync(ClientReplies.InvalidJobId()).ConfigureAwait(false);
        else if (record.Outcome is null) await WriteAsync(ClientReplies.NoResult()).ConfigureAwait(false);
        else await WriteLineAsync(record.Outcome).ConfigureAwait(false);
    }

    private async Task HandleStatusAsync(string jobId)
    {
        var record = TryParseId(jobId, out var id)
            ? Dispatcher.FindActive(id)?.Record ?? Dispatcher.Store.GetJob(id)
            : null;
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
