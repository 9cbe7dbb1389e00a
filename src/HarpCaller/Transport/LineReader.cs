using System.Buffers;

namespace HarpCaller.Transport;

/// <summary>
/// Reads '\n'-terminated lines from a stream into one pooled, growing buffer, up to a cap.
/// A returned line is valid until the next read. Not thread-safe: one reader per connection.
/// </summary>
internal sealed class LineReader(Stream stream, int maxLineBytes, int initialBuffer = 4096) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBuffer, maxLineBytes + 1));
    private int _start;
    private int _end;
    private int _scanned;

    /// <summary>Bytes received after the last returned line (for callers that ignore them).</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// The next line without its '\n' (a trailing '\r' is left for the JSON parser, which treats it
    /// as whitespace), or null at end of stream; a last line without '\n' counts as cut off (null).
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned);
            if (index >= 0)
            {
                // The pool may hand out a bigger buffer than asked: the cap is checked on the line itself.
                if (index - _start > maxLineBytes) throw new LineTooLongException(maxLineBytes);
                var line = new ReadOnlyMemory<byte>(_buffer, _start, index - _start);
                _start = index + 1;
                _scanned = _start;
                return line;
            }
            _scanned = _end;
            if (_end - _start > maxLineBytes) throw new LineTooLongException(maxLineBytes);

            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) return null;
            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length) return;
        var length = _end - _start;
        if (_start > 0 && length < _buffer.Length / 2)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
        }
        else
        {
            // Grow, but never past the cap plus one byte (enough to detect an over-long line).
            var size = (int)Math.Min((long)maxLineBytes + 1, Math.Max(_buffer.Length * 2L, 4096));
            if (size <= length) size = length + 1;
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, _start, bigger, 0, length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        _scanned -= _start;
        _start = 0;
        _end = length;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
