using System.Buffers;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Appends bytes to an <see cref="IBufferWriter{T}"/> through a cached span, so byte-at-a-time
/// escaping does not pay a virtual call per byte. <see cref="Commit"/> must be called at the end.
/// </summary>
internal ref struct ByteSink
{
    private const int MinimumChunk = 256;
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _position;

    public ByteSink(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan(MinimumChunk);
        _position = 0;
    }

    public void Write(byte value)
    {
        if (_position == _span.Length)
        {
            Grow(1);
        }

        _span[_position++] = value;
    }

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _span.Length - _position)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Writes <c>\uxxxx</c> with lower-case hex digits, as Python does.</summary>
    public void WriteUnicodeEscape(int codeUnit)
    {
        if (_span.Length - _position < 6)
        {
            Grow(6);
        }

        Span<byte> target = _span.Slice(_position, 6);
        target[0] = (byte)'\\';
        target[1] = (byte)'u';
        target[2] = HexDigits[(codeUnit >> 12) & 0xF];
        target[3] = HexDigits[(codeUnit >> 8) & 0xF];
        target[4] = HexDigits[(codeUnit >> 4) & 0xF];
        target[5] = HexDigits[codeUnit & 0xF];
        _position += 6;
    }

    /// <summary>Hands the written bytes to the underlying writer.</summary>
    public void Commit()
    {
        _output.Advance(_position);
        _position = 0;
        _span = default;
    }

    private void Grow(int needed)
    {
        _output.Advance(_position);
        _position = 0;
        _span = _output.GetSpan(Math.Max(needed, MinimumChunk));
    }
}
