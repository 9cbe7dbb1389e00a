using System.Buffers;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Reads one newline-terminated line from a stream into a pooled buffer that grows (doubling) up
/// to a limit, so a small request costs one small rental and a huge one is bounded.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private const int InitialSize = 4096;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _length;
    private int _lineLength = -1;

    /// <summary>The line read last, without its <c>\n</c>; valid until the next read or disposal.</summary>
    public ReadOnlyMemory<byte> Line => _buffer.AsMemory(0, Math.Max(_lineLength, 0));

    /// <summary>Reads until a <c>\n</c>, end of stream, or more than <paramref name="maxLength"/> bytes without one.</summary>
    public async ValueTask<LineReadStatus> ReadLineAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        // Bytes after a previous line (a pipelining peer) are dropped: harpd takes one request per connection.
        _length = 0;
        _lineLength = -1;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                if (_length > maxLength)
                {
                    return LineReadStatus.TooLong;
                }

                Grow(maxLength);
            }

            int read = await stream.ReadAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return LineReadStatus.EndOfStream;
            }

            int newline = Array.IndexOf(_buffer, (byte)'\n', _length, read);
            _length += read;
            if (newline >= 0)
            {
                if (newline > maxLength)
                {
                    return LineReadStatus.TooLong;
                }

                _lineLength = newline;
                return LineReadStatus.Line;
            }

            if (_length > maxLength)
            {
                return LineReadStatus.TooLong;
            }
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int maxLength)
    {
        // One byte beyond the limit is enough to tell "too long" from "exactly at the limit".
        int size = (int)Math.Min((long)_buffer.Length * 2, (long)maxLength + 1);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, _buffer.Length + 1));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
