namespace HarpCaller.Client.Internal;

/// <summary>
/// Splits received bytes into <c>\n</c>-terminated lines (a <c>\r</c> before the <c>\n</c> is
/// dropped). No I/O: the connection writes into <see cref="GetWriteMemory"/>, calls
/// <see cref="Advance"/>, then takes lines. A line longer than the limit is a protocol failure,
/// detected as soon as that many bytes are buffered, so memory stays bounded.
/// </summary>
internal sealed class LineFramer
{
    // 4 KiB covers typical replies in one receive; the buffer grows for larger lines up to the limit.
    private const int InitialSize = 4096;
    private const int MinReadSize = 1024;

    private readonly int _maxLineBytes;
    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;

    // Bytes of [_start, _end) already searched for '\n' so each byte is scanned once.
    private int _scanned;

    public LineFramer(int maxLineBytes) => _maxLineBytes = maxLineBytes;

    /// <summary>Bytes received but not yet returned as a line.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>
    /// Takes the next complete line, without its terminator. The memory stays valid until the next
    /// call to <see cref="GetWriteMemory"/>.
    /// </summary>
    /// <exception cref="HarpCallerException">The pending line exceeds the limit.</exception>
    public bool TryTakeLine(out ReadOnlyMemory<byte> line)
    {
        var pending = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned);
        var newline = pending.IndexOf((byte)'\n');
        if (newline < 0)
        {
            _scanned = _end - _start;
            if (_scanned > _maxLineBytes)
            {
                throw TooLong();
            }

            line = default;
            return false;
        }

        var length = _scanned + newline;
        if (length > _maxLineBytes)
        {
            throw TooLong();
        }

        var content = length > 0 && _buffer[_start + length - 1] == (byte)'\r' ? length - 1 : length;
        line = _buffer.AsMemory(_start, content);
        _start += length + 1;
        _scanned = 0;
        return true;
    }

    /// <summary>Space to receive into: compacts the buffer and grows it when less than a read's worth is free.</summary>
    public Memory<byte> GetWriteMemory()
    {
        if (_start > 0)
        {
            // Move the partial line to the front; earlier lines have been consumed.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < MinReadSize)
        {
            // One byte past the limit is enough to see that a line is too long.
            var size = (int)Math.Min((long)_buffer.Length * 2, (long)_maxLineBytes + MinReadSize + 2);
            Array.Resize(ref _buffer, Math.Max(size, _end + MinReadSize));
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were received into the write memory.</summary>
    public void Advance(int count) => _end += count;

    private HarpCallerException TooLong() =>
        new(HarpCallerFailure.MalformedReply, $"Malformed reply from the dispatcher: a line is longer than {_maxLineBytes} bytes.");
}
