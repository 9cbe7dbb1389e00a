using System.Diagnostics;
using System.Net.Sockets;
using HarpCaller.Transport;

namespace HarpCaller.Server;

/// <summary>
/// The byte stream of one client connection, over a non-blocking socket. Each receive and send is
/// first tried at once — a one-line request has usually arrived by the time its connection is
/// accepted, and a reply fits a fresh connection's empty send buffer — and only when the kernel is
/// not ready does it wait asynchronously, with a timer armed only then. Disposing closes the socket
/// without the extra <c>shutdown(2)</c> a <see cref="NetworkStream"/> always issues (the close sends
/// the FIN all the same) unless an operation is still waiting. Failures surface as
/// <see cref="IOException"/>, timeouts and stops as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ClientSocketStream : AsyncDuplexStream
{
    private readonly Socket _socket;
    private long _readDeadline = long.MaxValue;
    private int _waiting;
    private int _disposed;

    /// <summary>Takes ownership of <paramref name="socket"/> and switches it to non-blocking mode.</summary>
    public ClientSocketStream(Socket socket)
    {
        _socket = socket;
        // Non-blocking: the immediate attempts below must never park the calling thread.
        socket.Blocking = false;
    }

    /// <summary>
    /// Every read must complete within this time from now (one deadline for all reads, so a client
    /// trickling bytes cannot stretch it); <see cref="Timeout.InfiniteTimeSpan"/> removes it.
    /// </summary>
    public void SetReadDeadline(TimeSpan fromNow) =>
        _readDeadline = fromNow == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(fromNow.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Longest wait for the kernel to take more bytes of one write (a client that stopped reading).</summary>
    public TimeSpan SendTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Disables Nagle's algorithm: for replies written in several sends (streams).</summary>
    public void SendImmediately() => _socket.NoDelay = true;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        if (Stopwatch.GetTimestamp() >= _readDeadline) return ValueTask.FromCanceled<int>(new CancellationToken(true));
        int read;
        SocketError error;
        try
        {
            read = _socket.Receive(buffer.Span, SocketFlags.None, out error);
        }
        catch (ObjectDisposedException e)
        {
            return ValueTask.FromException<int>(Closed(e));
        }
        if (error == SocketError.Success) return new ValueTask<int>(read);
        if (error != SocketError.WouldBlock) return ValueTask.FromException<int>(Failure(error));
        return ReceiveWhenReadyAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReceiveWhenReadyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var deadline = _readDeadline;
        Interlocked.Increment(ref _waiting);
        try
        {
            if (deadline == long.MaxValue)
            {
                return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline) is var left && left > TimeSpan.Zero
                ? left
                : TimeSpan.FromTicks(1));
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw Failure(e);
        }
        catch (ObjectDisposedException e)
        {
            throw Closed(e);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        while (!buffer.IsEmpty)
        {
            int sent;
            SocketError error;
            try
            {
                sent = _socket.Send(buffer.Span, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException e)
            {
                return ValueTask.FromException(Closed(e));
            }
            if (error == SocketError.WouldBlock) return SendWhenReadyAsync(buffer, cancellationToken);
            if (error != SocketError.Success) return ValueTask.FromException(Failure(error));
            buffer = buffer[sent..];
        }
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendWhenReadyAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (SendTimeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(SendTimeout);
            // SendAsync on a stream socket completes only once every byte is taken.
            await _socket.SendAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            // What follows a long write is more of a stream, read from the store: not on a
            // socket event thread (inline completions).
            await ThreadPoolHop.Instance;
        }
        catch (SocketException e)
        {
            throw Failure(e);
        }
        catch (ObjectDisposedException e)
        {
            throw Closed(e);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public override void Flush()
    {
        // Nothing is buffered here.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (Volatile.Read(ref _waiting) > 0)
            {
                // Closing a socket with an operation in flight would make the runtime abort the
                // connection (a reset that can destroy the reply just sent); after a shutdown it
                // closes gracefully, as a NetworkStream does.
                try
                {
                    _socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // Already reset by the peer: nothing left to be graceful about.
                }
            }
            _socket.Dispose();
        }
        base.Dispose(disposing);
    }

    private static IOException Failure(SocketError error) => Failure(new SocketException((int)error));

    private static IOException Failure(SocketException e) => new($"client connection failed: {e.Message}", e);

    private static IOException Closed(ObjectDisposedException e) => new("the client connection is closed", e);
}
