using System.Buffers.Binary;

namespace CloudI.External.Protocol;

/// <summary>The 4-byte big-endian length prefix of stream protocols (local, tcp; spec §2).</summary>
public static class Framing
{
    /// <summary>Size of the length prefix.</summary>
    public const int PrefixLength = 4;

    /// <summary>Returns a new array holding the length prefix followed by <paramref name="message"/>.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var result = new byte[PrefixLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(result, (uint)message.Length);
        message.CopyTo(result.AsSpan(PrefixLength));
        return result;
    }

    /// <summary>Writes the big-endian length prefix for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static void WritePrefix(Span<byte> destination, int payloadLength) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, checked((uint)payloadLength));
}
