using System.Buffers.Binary;
using System.Net.Sockets;

namespace CloudI.Api.Internal;

/// <summary>
/// One thread socket: whole messages out (one send call per message, §2) and whole messages in.
/// Streams are read through a reused buffer, so one <c>recv</c> usually brings a whole frame (or
/// several); a datagram is one message.
/// </summary>
internal sealed class Transport : IDisposable
{
    /// <summary>The largest UDP payload over IPv4.</summary>
    public const int DatagramMax = 65507;

    private const int MinBuffer = 65536;

    private readonly Socket _socket;
    private readonly bool _datagram;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    public Transport(Socket socket, bool datagram, int bufferSize)
    {
        _socket = socket;
        _datagram = datagram;
        _buffer = new byte[Math.Max(bufferSize, MinBuffer)];
    }

    /// <summary>Sends one complete message (frame or datagram).</summary>
    /// <exception cref="CloudIInvalidInputException">A datagram too large for UDP.</exception>
    /// <exception cref="SocketException">The socket failed.</exception>
    public void Send(ReadOnlySpan<byte> message)
    {
        if (_datagram)
        {
            if (message.Length > DatagramMax)
            {
                throw new CloudIInvalidInputException($"a {message.Length}-byte message does not fit a UDP datagram; use a stream protocol");
            }

            if (_socket.Send(message) != message.Length)
            {
                throw new SocketException((int)SocketError.MessageSize);
            }

            return;
        }

        while (!message.IsEmpty)
        {
            message = message[_socket.Send(message)..];
        }
    }

    /// <summary>
    /// True when a message can be read without waiting longer than <paramref name="timeoutMs"/>
    /// (−1: no limit). The wait is a <c>poll</c> even without a limit: a thread asleep in a
    /// blocking <c>recv</c> is also woken, for nothing, each time the runtime reads a message
    /// this side sent (the kernel signals write space on the same wait queue), which would cost
    /// a second context switch per request; <c>poll</c> for input ignores that signal.
    /// </summary>
    public bool WaitReadable(int timeoutMs)
    {
        if (!_datagram && HasCompleteFrame())
        {
            return true;
        }

        if (timeoutMs >= 0)
        {
            return _socket.Poll(checked(timeoutMs * 1000), SelectMode.SelectRead);
        }

        try
        {
            return _socket.Poll(-1, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true; // the read itself reports the closed socket, as before
        }
    }

    /// <summary>
    /// Receives the next message, blocking. The view is valid until the next call. False when
    /// the runtime closed the socket.
    /// </summary>
    public bool Receive(out byte[] array, out int offset, out int length)
    {
        array = _buffer;
        offset = 0;
        length = 0;
        try
        {
            return _datagram ? ReceiveDatagram(out length) : ReceiveFrame(out array, out offset, out length);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private bool ReceiveDatagram(out int length)
    {
        length = _socket.Receive(_buffer);
        return length > 0;
    }

    private bool ReceiveFrame(out byte[] array, out int offset, out int length)
    {
        array = _buffer;
        offset = 0;
        length = 0;
        while (_end - _start < 4)
        {
            if (!Fill())
            {
                return false;
            }
        }

        uint size = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start));
        if (size <= (uint)(_buffer.Length - 4))
        {
            int total = 4 + (int)size;
            if (_start + total > _buffer.Length)
            {
                Compact();
            }

            while (_end - _start < total)
            {
                if (!Fill())
                {
                    return false;
                }
            }

            offset = _start + 4;
            length = (int)size;
            _start += total;
            return true;
        }

        // Larger than the buffer: read it into an array of its own.
        if (size > int.MaxValue)
        {
            throw new CloudIMessageDecodingException($"frame of {size} bytes");
        }

        byte[] big = new byte[size];
        int have = _end - _start - 4;
        _buffer.AsSpan(_start + 4, have).CopyTo(big);
        _start = _end = 0;
        while (have < big.Length)
        {
            int n = _socket.Receive(big.AsSpan(have));
            if (n == 0)
            {
                return false;
            }

            have += n;
        }

        array = big;
        length = big.Length;
        return true;
    }

    private bool HasCompleteFrame() =>
        _end - _start >= 4 && _end - _start - 4 >= BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start));

    private bool Fill()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Compact();
        }

        int n = _socket.Receive(_buffer.AsSpan(_end));
        if (n == 0)
        {
            return false;
        }

        _end += n;
        return true;
    }

    private void Compact()
    {
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
    }
}
