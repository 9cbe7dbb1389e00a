using System.Runtime.InteropServices;

namespace CloudI.Api.Internal;

/// <summary>
/// Reads the fields of runtime→library messages: integers in host byte order (§5), sized
/// strings and binaries followed by a NUL. Any overrun is a decoding error, never an
/// out-of-range exception.
/// </summary>
internal ref struct MessageReader
{
    private readonly ReadOnlySpan<byte> _data;

    public MessageReader(ReadOnlySpan<byte> data, int position = 0)
    {
        _data = data;
        Position = position;
    }

    public int Position { get; private set; }

    public readonly bool AtEnd => Position == _data.Length;

    public readonly int Remaining => _data.Length - Position;

    public uint U32() => MemoryMarshal.Read<uint>(Take(4));

    public int I32() => MemoryMarshal.Read<int>(Take(4));

    public byte U8() => Take(1)[0];

    public sbyte I8() => (sbyte)Take(1)[0];

    public TransId TransId() => Api.TransId.FromBytes(Take(16));

    /// <summary><c>str(S)</c>: size including the NUL, the bytes, the NUL; returns (offset, length) of S.</summary>
    public (int Offset, int Length) Str()
    {
        uint size = U32();
        if (size == 0 || size > Remaining)
        {
            throw Truncated();
        }

        int offset = Position;
        Take((int)size);
        return (offset, (int)size - 1);
    }

    /// <summary><c>bin(B)</c>: size, the bytes, a NUL; returns (offset, length) of B.</summary>
    public (int Offset, int Length) Bin()
    {
        uint size = U32();
        if (size >= Remaining)
        {
            throw Truncated();
        }

        int offset = Position;
        Take((int)size + 1);
        return (offset, (int)size);
    }

    /// <summary>Raw bytes.</summary>
    public (int Offset, int Length) Bytes(uint count)
    {
        if (count > Remaining)
        {
            throw Truncated();
        }

        int offset = Position;
        Take((int)count);
        return (offset, (int)count);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - Position)
        {
            throw Truncated();
        }

        ReadOnlySpan<byte> span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    private static CloudIMessageDecodingException Truncated() => new("truncated message from the runtime");
}
