using System.Buffers.Binary;
using System.Globalization;

namespace CloudI.Transactions;

/// <summary>
/// A CloudI transaction id (§10): a version 1 UUID in standard big-endian byte order,
/// <c>time_low:32 | time_mid:16 | version:4 | time_hi:12 | variant:2 | clock_seq:14 | node:48</c>.
/// Equality is byte equality; <see cref="CompareTo"/> orders by the 60-bit timestamp (the
/// "oldest" rule), then by bytes so the order is total.
/// </summary>
public readonly struct TransId : IEquatable<TransId>, IComparable<TransId>
{
    /// <summary>The size of a TransId in bytes.</summary>
    public const int Size = 16;

    /// <summary>100 ns intervals from the Gregorian reform (1582-10-15) to the Unix epoch.</summary>
    public const ulong GregorianToUnixOffset = 0x01B21DD213814000UL;

    private const ulong TimestampMask = (1UL << 60) - 1;

    private readonly ulong _high;
    private readonly ulong _low;

    private TransId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>The all-zero "null" TransId (e.g. <c>recv_async</c> for the oldest response; a failed send).</summary>
    public static TransId Null => default;

    /// <summary>True for the all-zero id.</summary>
    public bool IsNull => _high == 0 && _low == 0;

    /// <summary>The 4-bit version field (1 for ids made by <see cref="TransIdGenerator"/>).</summary>
    public int Version => (int)((_high >> 12) & 0xF);

    /// <summary>The 2 most significant bits of byte 8 (binary 10 = 2 for RFC 4122 ids).</summary>
    public int Variant => (int)(_low >> 62);

    /// <summary>True when version is 1 and the variant is RFC 4122, the check 1.5.3 applies to ids it is handed.</summary>
    public bool IsVersion1 => Version == 1 && Variant == 2;

    /// <summary>The 60-bit count of 100 ns intervals since 1582-10-15.</summary>
    public ulong Timestamp
    {
        get
        {
            ulong timeLow = _high >> 32;
            ulong timeMid = (_high >> 16) & 0xFFFF;
            ulong timeHi = _high & 0x0FFF;
            return (timeHi << 48) | (timeMid << 32) | timeLow;
        }
    }

    /// <summary>The 14-bit clock sequence.</summary>
    public int ClockSequence => (int)((_low >> 48) & 0x3FFF);

    /// <summary>The 48-bit node field.</summary>
    public ulong Node => _low & 0xFFFF_FFFF_FFFFUL;

    /// <summary>The creation time the timestamp encodes, as UTC.</summary>
    public DateTimeOffset CreationTime =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(Timestamp - GregorianToUnixOffset));

    /// <summary>Assembles a version 1, RFC 4122 variant id from its fields.</summary>
    /// <param name="timestamp">60-bit count of 100 ns intervals since 1582-10-15.</param>
    /// <param name="clockSequence">14-bit clock sequence.</param>
    /// <param name="node">48-bit node.</param>
    public static TransId Create(ulong timestamp, int clockSequence, ulong node)
    {
        if (timestamp > TimestampMask)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "must fit in 60 bits");
        }

        if (clockSequence is < 0 or > 0x3FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(clockSequence), clockSequence, "must fit in 14 bits");
        }

        if (node > 0xFFFF_FFFF_FFFFUL)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, "must fit in 48 bits");
        }

        ulong timeLow = timestamp & 0xFFFF_FFFFUL;
        ulong timeMid = (timestamp >> 32) & 0xFFFF;
        ulong timeHi = timestamp >> 48;
        ulong high = (timeLow << 32) | (timeMid << 16) | 0x1000UL | timeHi;
        ulong low = (0b10UL << 62) | ((ulong)clockSequence << 48) | node;
        return new TransId(high, low);
    }

    /// <summary>Reads an id from its 16 wire bytes (no validation: 1.5.3 checks version/variant where it matters).</summary>
    /// <param name="bytes">Exactly 16 bytes.</param>
    public static TransId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a TransId is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }

        return new TransId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Parses the canonical 8-4-4-4-12 hexadecimal form.</summary>
    /// <param name="text">E.g. <c>a2dd7362-e616-11f1-a7bf-102d49869c40</c>.</param>
    public static TransId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        {
            throw new FormatException($"not a UUID in 8-4-4-4-12 form: \"{text}\"");
        }

        string hex = text.Replace("-", string.Empty, StringComparison.Ordinal);
        return new TransId(
            ulong.Parse(hex.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            ulong.Parse(hex.AsSpan(16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    /// <summary>Writes the 16 wire bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 16 bytes.</param>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 16 wire bytes.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[Size];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>The id as a <see cref="Guid"/> with the same textual form (for service ids).</summary>
    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteBytes(bytes);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Orders by timestamp (older first), then by bytes.</summary>
    /// <param name="other">The id to compare with.</param>
    public int CompareTo(TransId other)
    {
        int byTime = Timestamp.CompareTo(other.Timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        int byHigh = _high.CompareTo(other._high);
        return byHigh != 0 ? byHigh : _low.CompareTo(other._low);
    }

    /// <inheritdoc/>
    public bool Equals(TransId other) => _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TransId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>The canonical lower-case 8-4-4-4-12 form.</summary>
    public override string ToString()
    {
        string hex = $"{_high:x16}{_low:x16}";
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>Byte equality.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    public static bool operator ==(TransId left, TransId right) => left.Equals(right);

    /// <summary>Byte inequality.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    public static bool operator !=(TransId left, TransId right) => !left.Equals(right);

    /// <summary>True when <paramref name="left"/> was created before <paramref name="right"/>.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    public static bool operator <(TransId left, TransId right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> was created after <paramref name="right"/>.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    public static bool operator >(TransId left, TransId right) => left.CompareTo(right) > 0;

    /// <summary>True unless <paramref name="left"/> was created after <paramref name="right"/>.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    public static bool operator <=(TransId left, TransId right) => left.CompareTo(right) <= 0;

    /// <summary>True unless <paramref name="left"/> was created before <paramref name="right"/>.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    public static bool operator >=(TransId left, TransId right) => left.CompareTo(right) >= 0;
}
