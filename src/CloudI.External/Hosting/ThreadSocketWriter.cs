using System.Net.Sockets;
using CloudI.External.Spawning;

namespace CloudI.External.Hosting;

/// <summary>
/// Writes whole messages (frames or datagrams) to one thread socket from any thread, without
/// ever blocking the caller. The socket stays in blocking mode (the backlog's thread relies on
/// it), so each message goes to the kernel with one <c>send(MSG_DONTWAIT)</c>: while
/// the socket buffer has room (a local process that reads its socket almost always leaves room)
/// that is the whole cost, with no thread switch and no task. When the buffer is full (a large
/// message, or a library that stopped reading for a while, e.g. outside <c>poll</c>) the
/// unsent rest and every later message wait in a backlog that a short-lived dedicated thread
/// writes out as the library reads, so neither a thread-pool thread nor a sender that
/// delivered a request inline ever waits for the library.
/// </summary>
internal sealed class ThreadSocketWriter
{
    private readonly Socket _socket;
    private readonly bool _datagram;
    private readonly string _name;
    private readonly object _gate = new();

    // Non-null while the flusher thread runs; only the flusher writes then, so order is kept.
    private Queue<byte[]>? _backlog;
    private int _headSent;
    private bool _broken;

    /// <param name="socket">A connected socket in blocking mode.</param>
    /// <param name="datagram">One message per datagram (UDP) rather than a byte stream.</param>
    /// <param name="name">The flusher thread's name.</param>
    public ThreadSocketWriter(Socket socket, bool datagram, string name)
    {
        _socket = socket;
        _datagram = datagram;
        _name = name;
    }

    /// <summary>Messages waiting for room in the socket buffer.</summary>
    public int BacklogCount
    {
        get
        {
            lock (_gate)
            {
                return _backlog?.Count ?? 0;
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> now, or queues it behind the backlog. Messages never
    /// interleave. A failed socket (peer gone, closed here) throws; the reader notices the same
    /// failure and fails the process.
    /// </summary>
    /// <exception cref="SocketException">The socket failed.</exception>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    public void Write(ReadOnlySpan<byte> message)
    {
        lock (_gate)
        {
            if (_broken)
            {
                throw new SocketException((int)SocketError.Shutdown);
            }

            if (_backlog is not null)
            {
                _backlog.Enqueue(message.ToArray());
                return;
            }

            int sent = SendNow(message);
            if (sent == message.Length)
            {
                return;
            }

            _backlog = new Queue<byte[]>();
            _backlog.Enqueue(message.ToArray());
            _headSent = sent;
            var flusher = new Thread(Flush) { IsBackground = true, Name = _name };
            flusher.Start();
        }
    }

    /// <summary>
    /// Sends what the kernel takes without waiting: a stream takes a prefix, a datagram all or
    /// nothing. Returns the bytes sent.
    /// </summary>
    private unsafe int SendNow(ReadOnlySpan<byte> message)
    {
        int sent = 0;
        fixed (byte* start = message)
        {
            while (sent < message.Length)
            {
                nint n = Libc.Send(_socket.SafeHandle, start + sent, (nuint)(message.Length - sent),
                    Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
                if (n >= 0)
                {
                    sent += (int)n;
                    continue;
                }

                int errno = Libc.LastErrno;
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                if (errno == Libc.EAGAIN)
                {
                    return sent;
                }

                throw new SocketException((int)ToSocketError(errno));
            }
        }

        return sent;
    }

    /// <summary>
    /// The flusher: a dedicated thread because it waits (in a blocking <c>send</c>) for a
    /// library that may not read for a long time; it ends once the backlog is empty. Closing the
    /// socket aborts its wait.
    /// </summary>
    private void Flush()
    {
        try
        {
            while (true)
            {
                byte[] head;
                int offset;
                lock (_gate)
                {
                    if (_backlog!.Count == 0)
                    {
                        _backlog = null;
                        return;
                    }

                    head = _backlog.Peek();
                    offset = _headSent;
                }

                // A blocking send returns once all of it is in the socket (a datagram: sent whole).
                _socket.Send(head.AsSpan(offset), SocketFlags.None);
                lock (_gate)
                {
                    _backlog!.Dequeue();
                    _headSent = 0;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The socket is gone: the reader fails the process; later writes throw.
            lock (_gate)
            {
                _broken = true;
                _backlog = null;
            }
        }
    }

    private static SocketError ToSocketError(int errno) => errno switch
    {
        Libc.EPIPE => SocketError.Shutdown,
        Libc.ECONNRESET => SocketError.ConnectionReset,
        Libc.ENOTCONN => SocketError.NotConnected,
        Libc.ECONNREFUSED => SocketError.ConnectionRefused,
        Libc.EMSGSIZE => SocketError.MessageSize,
        _ => SocketError.SocketError,
    };
}
