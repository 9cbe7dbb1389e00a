using System.Net;
using System.Net.Sockets;

namespace HarpCaller.Client.Internal;

/// <summary>
/// One TCP connection to the dispatcher, carrying one request (the protocol allows no more).
/// Every wait has a deadline; a deadline becomes a <see cref="HarpCallerFailure.Timeout"/>
/// exception, while the caller's token surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class DispatcherConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly LineFramer _framer;
    private readonly string _endpoint;
    private readonly CancellationTokenSource _deadline;
    private bool _eof;

    private DispatcherConnection(Socket socket, HarpCallerClientOptions options, CancellationTokenSource deadline)
    {
        _socket = socket;
        _framer = new LineFramer(options.MaxReplyLineBytes);
        _endpoint = Describe(options);
        _deadline = deadline;
    }

    /// <summary>Connects within <see cref="HarpCallerClientOptions.ConnectTimeout"/>.</summary>
    public static async Task<DispatcherConnection> ConnectAsync(HarpCallerClientOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Dual mode where the OS has IPv6, so one socket reaches both IPv4 and IPv6 addresses of a name.
        var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // Requests are single small lines; waiting for Nagle would only add latency.
        socket.NoDelay = true;

        var deadline = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            EndPoint target = IPAddress.TryParse(options.Host, out var address)
                ? new IPEndPoint(address, options.Port)
                : new DnsEndPoint(options.Host, options.Port);
            await socket.ConnectAsync(target, linked.Token).ConfigureAwait(false);

            // The same source then measures the request's own deadlines; disarmed until the first wait.
            deadline.CancelAfter(Timeout.InfiniteTimeSpan);
            return new DispatcherConnection(socket, options, deadline);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose(socket, deadline);
            throw new HarpCallerException(
                HarpCallerFailure.ConnectFailed,
                $"Cannot connect to the dispatcher at {Describe(options)}: no connection within {options.ConnectTimeout.TotalSeconds:0.###} s.");
        }
        catch (SocketException e)
        {
            Dispose(socket, deadline);
            throw new HarpCallerException(
                HarpCallerFailure.ConnectFailed,
                $"Cannot connect to the dispatcher at {Describe(options)}: {e.Message}",
                e);
        }
        catch
        {
            Dispose(socket, deadline);
            throw;
        }
    }

    /// <summary>Writes the whole request within <paramref name="timeout"/>.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = Arm(timeout, cancellationToken);
        try
        {
            while (!request.IsEmpty)
            {
                var sent = await _socket.SendAsync(request, SocketFlags.None, linked.Token).ConfigureAwait(false);
                request = request[sent..];
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw Translate(e, cancellationToken, timeout, "sending the request");
        }
    }

    /// <summary>
    /// Reads the next reply line, waiting at most <paramref name="timeout"/> for it; <c>null</c> when
    /// the dispatcher closed the connection at a line boundary. The memory is valid until the next call.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>?> ReadLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_framer.TryTakeLine(out var buffered))
        {
            return buffered;
        }

        if (_eof)
        {
            return null;
        }

        using var linked = Arm(timeout, cancellationToken);
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_framer.GetWriteMemory(), SocketFlags.None, linked.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    _eof = true;
                    if (_framer.BufferedBytes > 0)
                    {
                        throw new HarpCallerException(
                            HarpCallerFailure.ConnectionLost,
                            $"The dispatcher at {_endpoint} closed the connection in the middle of a reply line.");
                    }

                    return null;
                }

                _framer.Advance(received);
                if (_framer.TryTakeLine(out var line))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            throw Translate(e, cancellationToken, timeout, "waiting for the reply");
        }
    }

    /// <summary>Reads a line that must be there: end of file here means the dispatcher closed early.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadRequiredLineAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await ReadLineAsync(timeout, cancellationToken).ConfigureAwait(false)
        ?? throw new HarpCallerException(
            HarpCallerFailure.ConnectionLost,
            $"The dispatcher at {_endpoint} closed the connection before sending a complete reply.");

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose(_socket, _deadline);
        return ValueTask.CompletedTask;
    }

    private static void Dispose(Socket socket, CancellationTokenSource deadline)
    {
        // Closing without a graceful shutdown: the exchange is over, or abandoned, either way.
        socket.Dispose();
        deadline.Dispose();
    }

    private static string Describe(HarpCallerClientOptions options) =>
        options.Host.Contains(':') ? $"[{options.Host}]:{options.Port}" : $"{options.Host}:{options.Port}";

    private CancellationTokenSource Arm(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Restarting the timer makes the timeout a bound on silence, not on the whole exchange, so a
        // long stream that keeps sending is never cut off.
        _deadline.CancelAfter(timeout);
        return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
    }

    private HarpCallerException Translate(Exception e, CancellationToken cancellationToken, TimeSpan timeout, string doing)
    {
        if (e is OperationCanceledException)
        {
            // The caller's own cancellation is not a failure of the dispatcher: report it as such.
            cancellationToken.ThrowIfCancellationRequested();
            return new HarpCallerException(
                HarpCallerFailure.Timeout,
                $"The dispatcher at {_endpoint} sent nothing for {timeout.TotalSeconds:0.###} s while {doing}.",
                e);
        }

        return new HarpCallerException(
            HarpCallerFailure.ConnectionLost,
            $"The connection to the dispatcher at {_endpoint} failed while {doing}: {e.Message}",
            e);
    }

    private static bool IsTransportFailure(Exception e) =>
        e is OperationCanceledException or SocketException or IOException or ObjectDisposedException;
}
