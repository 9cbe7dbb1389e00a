namespace CloudI.Executable.Control;

/// <summary>Reads '\n'-terminated lines of at most a given length from a stream.</summary>
internal sealed class LineReader(Stream stream, int maxLineBytes)
{
    private byte[] _buffer = new byte[Math.Min(4096, maxLineBytes + 1)];
    private int _start;
    private int _end;

    /// <summary>
    /// The next line without its '\n' (and without a trailing '\r'); at end of stream the
    /// unterminated rest if any, else null.
    /// </summary>
    /// <exception cref="LineTooLongException">More than the limit without a line break.</exception>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanned = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', scanned, _end - scanned);
            if (newline >= 0)
            {
                byte[] line = Take(newline);
                _start = newline + 1;
                return line;
            }

            if (_end - _start > maxLineBytes)
            {
                throw new LineTooLongException();
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            scanned = _end;
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxLineBytes + 1));
            }

            int n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (_end == _start)
                {
                    return null;
                }

                byte[] rest = Take(_end);
                _start = _end;
                return rest;
            }

            _end += n;
        }
    }

    private byte[] Take(int end)
    {
        int length = end - _start;
        if (length > 0 && _buffer[end - 1] == (byte)'\r')
        {
            length--;
        }

        return _buffer.AsSpan(_start, length).ToArray();
    }
}

/// <summary>A line longer than the reader's limit.</summary>
internal sealed class LineTooLongException() : Exception("line too long");
