using System.Buffers.Binary;

namespace CloudI.Api;

/// <summary>
/// A request's TransId: a v1 UUID as the 16 bytes the protocol carries (standard big-endian UUID
/// order). A value type so that sending and receiving need no allocation; the all-zero value
/// (<see cref="Null"/>, also <c>default</c>) asks <c>recv_async</c> for the oldest response and
/// marks a failed send.
/// </summary>
public readonly struct TransId : IEquatable<TransId>
{
    private readonly ulong _high;
    private readonly ulong _low;

    private TransId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>The all-zero TransId.</summary>
    public static TransId Null => default;

    /// <summary>True for the all-zero TransId (a send that found no destination).</summary>
    public bool IsNull => _high == 0 && _low == 0;

    /// <summary>
    /// The v1 UUID timestamp (100 ns intervals since 1582-10-15), which orders TransIds by
    /// creation; meaningless for other UUID versions.
    /// </summary>
    public ulong Timestamp => ((_high & 0x0FFF) << 48) | (((_high >> 16) & 0xFFFF) << 32) | (_high >> 32);

    /// <summary>Reads 16 bytes in UUID order.</summary>
    /// <exception cref="ArgumentException">Not exactly 16 bytes.</exception>
    public static TransId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 16)
        {
            throw new ArgumentException("a TransId is 16 bytes", nameof(bytes));
        }

        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Parses the standard text form (<c>a2dd7362-e616-11f1-a7bf-102d49869c40</c>).</summary>
    public static TransId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> bytes = stackalloc byte[16];
        Guid.ParseExact(text, "D").TryWriteBytes(bytes, bigEndian: true, out _);
        return FromBytes(bytes);
    }

    /// <summary>Writes the 16 bytes in UUID order.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 16 bytes in UUID order (what cloudi.py hands out as <c>trans_id</c>).</summary>
    public byte[] ToByteArray()
    {
        byte[] bytes = new byte[16];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The same UUID as a <see cref="Guid"/> (for logging or storage keyed by Guid).</summary>
    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteTo(bytes);
        return new Guid(bytes, bigEndian: true);
    }

    /// <inheritdoc />
    public bool Equals(TransId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TransId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>The standard UUID text form.</summary>
    public override string ToString() => ToGuid().ToString("D");

    /// <summary>Equality of the 16 bytes.</summary>
    public static bool operator ==(TransId left, TransId right) => left.Equals(right);

    /// <summary>Inequality of the 16 bytes.</summary>
    public static bool operator !=(TransId left, TransId right) => !left.Equals(right);
}
