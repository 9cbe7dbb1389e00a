using System.Buffers.Binary;

namespace CloudI.External.Protocol;

/// <summary>Sequential little-endian writer over a pre-sized span, used by <see cref="RuntimeMessages"/>.</summary>
internal ref struct MessageSpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public MessageSpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_span[_position..], value);
        _position += 4;
    }

    public void I32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_span[_position..], value);
        _position += 4;
    }

    public void U8(byte value) => _span[_position++] = value;

    public void I8(sbyte value) => _span[_position++] = unchecked((byte)value);

    /// <summary><c>str(S)</c>: u32 len+1, bytes, NUL.</summary>
    public void Str(ReadOnlySpan<byte> value)
    {
        U32((uint)value.Length + 1);
        Raw(value);
        _span[_position++] = 0;
    }

    /// <summary><c>bin(B)</c>: u32 len, bytes, NUL.</summary>
    public void Bin(ReadOnlySpan<byte> value)
    {
        U32((uint)value.Length);
        Raw(value);
        _span[_position++] = 0;
    }

    public void Raw(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }

    public void Zeros(int count)
    {
        _span.Slice(_position, count).Clear();
        _position += count;
    }
}
