using System.Buffers.Binary;

namespace CloudI.External.Protocol;

/// <summary>
/// Reassembles stream frames (<c>u32</c> big-endian length + payload, spec §2) from reads that may split or
/// coalesce them. Receive straight into <see cref="GetAppendMemory"/> (then <see cref="Advance"/>) or copy in
/// with <see cref="Append"/>; then call <see cref="TryReadFrame(out byte[])"/> until it returns false. A length
/// above <see cref="MaxFrameSize"/> throws <see cref="ExternalProtocolException"/> before anything is buffered
/// for it, so a hostile 4 GB prefix costs nothing. Not thread-safe (one reader per socket).
/// </summary>
public sealed class FrameReader
{
    /// <summary>Default <see cref="MaxFrameSize"/>: 64 MiB.</summary>
    public const int DefaultMaxFrameSize = 64 * 1024 * 1024;

    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Creates a reader accepting payloads up to <paramref name="maxFrameSize"/> bytes.</summary>
    public FrameReader(int maxFrameSize = DefaultMaxFrameSize, int initialCapacity = 65536)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        MaxFrameSize = maxFrameSize;
        _buffer = new byte[initialCapacity];
    }

    /// <summary>Largest accepted payload length (excluding the 4 length bytes).</summary>
    public int MaxFrameSize { get; }

    /// <summary>Bytes received but not yet returned as frames.</summary>
    public int BufferedLength => _end - _start;

    /// <summary>Copies received bytes into the reader.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetAppendMemory(data.Length).Span);
        _end += data.Length;
    }

    /// <summary>Returns writable space of at least <paramref name="sizeHint"/> bytes (≥ 1) after the buffered data, for a socket receive.</summary>
    public Memory<byte> GetAppendMemory(int sizeHint = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        if (sizeHint == 0)
            sizeHint = 1;
        if (_buffer.Length - _end < sizeHint)
        {
            int buffered = _end - _start;
            long needed = (long)buffered + sizeHint;
            if (needed <= _buffer.Length)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, buffered);
            }
            else
            {
                long size = Math.Max(needed, (long)_buffer.Length * 2);
                var grown = new byte[Math.Min(size, Array.MaxLength)];
                if (grown.Length < needed)
                    throw new InvalidOperationException("frame buffer too large");
                Buffer.BlockCopy(_buffer, _start, grown, 0, buffered);
                _buffer = grown;
            }
            _start = 0;
            _end = buffered;
        }
        return _buffer.AsMemory(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into <see cref="GetAppendMemory"/>'s memory as received.</summary>
    public void Advance(int count)
    {
        if (count < 0 || count > _buffer.Length - _end)
            throw new ArgumentOutOfRangeException(nameof(count));
        _end += count;
    }

    /// <summary>Returns the next complete payload as an owned array (safe to keep and to decode into long-lived messages).</summary>
    /// <exception cref="ExternalProtocolException">The next frame's length exceeds <see cref="MaxFrameSize"/>.</exception>
    public bool TryReadFrame(out byte[] payload)
    {
        if (!TryReadFrameInPlace(out ReadOnlyMemory<byte> slice))
        {
            payload = [];
            return false;
        }
        payload = slice.ToArray();
        return true;
    }

    /// <summary>
    /// Returns the next complete payload as a slice of the internal buffer, without copying. The slice is
    /// valid only until the next call on this reader; copy whatever must outlive it.
    /// </summary>
    /// <exception cref="ExternalProtocolException">The next frame's length exceeds <see cref="MaxFrameSize"/>.</exception>
    public bool TryReadFrameInPlace(out ReadOnlyMemory<byte> payload)
    {
        if (!TryGetFrame(_buffer.AsSpan(_start, _end - _start), MaxFrameSize, out int length))
        {
            payload = ReadOnlyMemory<byte>.Empty;
            return false;
        }
        payload = _buffer.AsMemory(_start + Framing.PrefixLength, length);
        _start += Framing.PrefixLength + length;
        if (_start == _end)
            _start = _end = 0;
        return true;
    }

    /// <summary>
    /// Stateless check: whether <paramref name="buffered"/> starts with a complete frame; on true
    /// <paramref name="payloadLength"/> is its payload length (the payload starts at offset 4).
    /// </summary>
    /// <exception cref="ExternalProtocolException">The length prefix exceeds <paramref name="maxFrameSize"/>.</exception>
    public static bool TryGetFrame(ReadOnlySpan<byte> buffered, int maxFrameSize, out int payloadLength)
    {
        payloadLength = 0;
        if (buffered.Length < Framing.PrefixLength)
            return false;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(buffered);
        if (length > (uint)maxFrameSize)
            throw new ExternalProtocolException($"frame length {length} exceeds the maximum {maxFrameSize}");
        if (buffered.Length - Framing.PrefixLength < length)
            return false;
        payloadLength = (int)length;
        return true;
    }
}
