using System.Buffers.Binary;
using System.Text;

namespace CloudI.Api.Tests.Wire;

/// <summary>Builds expected ETF payloads for the assertions (independent of the library's writer).</summary>
internal static class Etf
{
    public static byte[] Term(params byte[][] parts) => [131, .. parts.SelectMany(p => p)];

    public static byte[] Tuple(params byte[][] elements) => [104, (byte)elements.Length, .. elements.SelectMany(e => e)];

    public static byte[] Atom(string name) => [115, (byte)name.Length, .. Encoding.ASCII.GetBytes(name)];

    public static byte[] Str(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return [106];
        }

        byte[] length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        return [107, .. length, .. bytes];
    }

    public static byte[] Bin(byte[] bytes)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        return [109, .. length, .. bytes];
    }

    public static byte[] Bin(string text) => Bin(Encoding.UTF8.GetBytes(text));

    public static byte[] Int(long value)
    {
        if (value is >= 0 and <= 255)
        {
            return [97, (byte)value];
        }

        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, checked((int)value));
        return [98, .. bytes];
    }

    /// <summary>The V3 source pid as echoed: the term without its version byte.</summary>
    public static byte[] Pid => Vectors.V3Pid[1..];
}
