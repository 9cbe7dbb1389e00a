using System.Text;

namespace CloudI.External.Spawning;

/// <summary>
/// Cuts a byte stream into lines: a trailing <c>\n</c> is dropped, a line longer than
/// <see cref="MaxLineBytes"/> is emitted in pieces (cut on a UTF-8 character boundary), and
/// <see cref="Flush"/> emits a final line that had no newline. Invalid UTF-8 becomes U+FFFD.
/// </summary>
internal sealed class OutputLineSplitter(Action<string> emit, int maxLineBytes = OutputLineSplitter.MaxLineBytes)
{
    /// <summary>Default longest piece emitted at once (64 KiB).</summary>
    public const int MaxLineBytes = 65536;

    private readonly byte[] _buffer = new byte[maxLineBytes];
    private int _length;

    /// <summary>Feeds bytes read from the pipe.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            var segment = newline >= 0 ? data[..newline] : data;
            Append(segment);
            if (newline < 0) return;
            EmitAll();
            data = data[(newline + 1)..];
        }
    }

    /// <summary>Emits a pending partial line (end of stream).</summary>
    public void Flush()
    {
        if (_length > 0) EmitAll();
    }

    private void Append(ReadOnlySpan<byte> segment)
    {
        while (!segment.IsEmpty)
        {
            if (_length == _buffer.Length) EmitPiece();
            int n = Math.Min(segment.Length, _buffer.Length - _length);
            segment[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            segment = segment[n..];
        }
    }

    private void EmitAll()
    {
        emit(Encoding.UTF8.GetString(_buffer, 0, _length));
        _length = 0;
    }

    /// <summary>Emits a full buffer, keeping an incomplete trailing UTF-8 sequence for the next piece.</summary>
    private void EmitPiece()
    {
        int cut = Utf8Boundary(_buffer.AsSpan(0, _length));
        emit(Encoding.UTF8.GetString(_buffer, 0, cut));
        _buffer.AsSpan(cut, _length - cut).CopyTo(_buffer);
        _length -= cut;
    }

    private static int Utf8Boundary(ReadOnlySpan<byte> bytes)
    {
        // Look back at most 3 bytes for the lead byte of the last sequence.
        for (int i = bytes.Length - 1; i >= 0 && i >= bytes.Length - 4; i--)
        {
            byte b = bytes[i];
            if ((b & 0xC0) == 0x80) continue; // continuation byte
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            bool incomplete = bytes.Length - i < needed;
            return incomplete && i > 0 ? i : bytes.Length;
        }
        return bytes.Length;
    }
}
