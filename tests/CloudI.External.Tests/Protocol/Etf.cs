using System.Buffers.Binary;
using System.Text;

namespace CloudI.External.Tests.Protocol;

/// <summary>A tiny ETF term builder for tests (each method returns the encoded term without the 131 byte).</summary>
internal static class Etf
{
    public static byte[] Payload(byte[] term) => [131, .. term];

    public static byte[] Atom(string name, byte tag = 115)
    {
        byte[] text = tag is 118 or 119 ? Encoding.UTF8.GetBytes(name) : Encoding.Latin1.GetBytes(name);
        return tag switch
        {
            100 or 118 => [tag, (byte)(text.Length >> 8), (byte)text.Length, .. text],
            _ => [tag, (byte)text.Length, .. text],
        };
    }

    public static byte[] Tuple(params byte[][] elements) =>
        [104, (byte)elements.Length, .. elements.SelectMany(e => e)];

    public static byte[] LargeTuple(params byte[][] elements)
    {
        var head = new byte[5];
        head[0] = 105;
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(1), (uint)elements.Length);
        return [.. head, .. elements.SelectMany(e => e)];
    }

    public static byte[] Str(string text) => Str(Encoding.Latin1.GetBytes(text));

    public static byte[] Str(byte[] bytes) =>
        bytes.Length == 0 ? [106] : [107, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];

    /// <summary>A string as LIST_EXT of SMALL_INTEGER_EXT/INTEGER_EXT elements.</summary>
    public static byte[] ListStr(IEnumerable<int> chars)
    {
        int[] items = chars.ToArray();
        var result = new List<byte> { 108 };
        result.AddRange(U32((uint)items.Length));
        foreach (int c in items)
            result.AddRange(Int(c));
        result.Add(106);
        return [.. result];
    }

    public static byte[] Bin(byte[] bytes) => [109, .. U32((uint)bytes.Length), .. bytes];

    public static byte[] Bin(string text) => Bin(Encoding.UTF8.GetBytes(text));

    /// <summary>The shortest encoding OTP would use: 97, 98 or SMALL_BIG.</summary>
    public static byte[] Int(long value)
    {
        if (value is >= 0 and <= 255)
            return [97, (byte)value];
        if (value is >= int.MinValue and <= int.MaxValue)
            return [98, .. U32(unchecked((uint)(int)value))];
        return Big(value, 110);
    }

    public static byte[] Big(long value, byte tag = 110)
    {
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var digits = new List<byte>();
        while (magnitude != 0)
        {
            digits.Add((byte)magnitude);
            magnitude >>= 8;
        }
        byte sign = value < 0 ? (byte)1 : (byte)0;
        return tag == 110
            ? [110, (byte)digits.Count, sign, .. digits]
            : [111, .. U32((uint)digits.Count), sign, .. digits];
    }

    public static byte[] Pid(string node, uint id, uint serial, uint creation, byte pidTag = 103, byte atomTag = 100)
    {
        byte[] head = [pidTag, .. Atom(node, atomTag), .. U32(id), .. U32(serial)];
        return pidTag == 103 ? [.. head, (byte)creation] : [.. head, .. U32(creation)];
    }

    public static byte[] Float(double value)
    {
        var bytes = new byte[9];
        bytes[0] = 70;
        BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
