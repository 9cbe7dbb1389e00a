using System.Net;
using System.Net.Sockets;

namespace HarpCaller.Load;

/// <summary>
/// The raw client protocol with as little overhead as possible: one connection per request (the
/// protocol's rule), a prebuilt request line, a receive buffer reused across requests, and reply
/// lines judged in place. One instance per worker; not thread-safe.
/// </summary>
internal sealed class RawClient
{
    // Replies larger than the buffer are handled: only a single line must fit, and 16 MiB bounds that.
    private const int MaxLineBytes = 16 * 1024 * 1024;

    private readonly IPEndPoint _server;
    private byte[] _buffer = new byte[64 * 1024];

    public RawClient(IPEndPoint server) => _server = server;

    /// <summary>Lines judged by the last exchange (packets + terminal line).</summary>
    public int LinesSeen { get; private set; }

    /// <summary>Sends <paramref name="request"/> and feeds reply lines to <paramref name="handler"/> until it is done.</summary>
    public async Task<FailureKind> ExchangeAsync(byte[] request, LineHandler handler, TimeSpan timeout, CancellationToken cancellationToken)
    {
        LinesSeen = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(_server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_server, deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return FailureKind.Connect;
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FailureKind.Timeout;
        }

        try
        {
            var remaining = request.AsMemory();
            while (!remaining.IsEmpty)
            {
                remaining = remaining[await socket.SendAsync(remaining, SocketFlags.None, deadline.Token).ConfigureAwait(false)..];
            }

            var start = 0;
            var end = 0;
            while (true)
            {
                if (end == _buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(_buffer, start, _buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else if (_buffer.Length >= MaxLineBytes)
                    {
                        return FailureKind.BadReply;
                    }
                    else
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }
                }

                var received = await socket.ReceiveAsync(_buffer.AsMemory(end), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    return FailureKind.Closed;
                }

                var scanFrom = end;
                end += received;
                while (true)
                {
                    var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, end - scanFrom);
                    if (newline < 0)
                    {
                        break;
                    }

                    var line = _buffer.AsSpan(start, newline - start);
                    if (line.Length > 0 && line[^1] == (byte)'\r')
                    {
                        line = line[..^1];
                    }

                    LinesSeen++;
                    var verdict = handler(line);
                    start = newline + 1;
                    scanFrom = start;
                    switch (verdict)
                    {
                        case LineVerdict.Done:
                            return FailureKind.None;
                        case LineVerdict.Unexpected:
                            return FailureKind.BadReply;
                        case LineVerdict.Error:
                            return FailureKind.ErrorReply;
                    }
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FailureKind.Timeout;
        }
        catch (SocketException)
        {
            return FailureKind.Closed;
        }
    }
}
