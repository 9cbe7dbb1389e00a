using System.Buffers.Binary;
using System.Text;

namespace CloudI.Api.Tests.Wire;

/// <summary>Builds runtime→library messages (§5.2, little-endian host order) for tests beyond the vectors.</summary>
internal static class Messages
{
    public static byte[] U32(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] Str(string text) => [.. U32((uint)Encoding.UTF8.GetByteCount(text) + 1), .. Encoding.UTF8.GetBytes(text), 0];

    public static byte[] Bin(byte[] bytes) => [.. U32((uint)bytes.Length), .. bytes, 0];

    /// <summary>SEND_SYNC/SEND_ASYNC with the V3 pid as source.</summary>
    public static byte[] Send(bool sync, string name, string pattern, string request, uint timeout = 5000,
        sbyte priority = 0, byte[]? transId = null, string requestInfo = "") =>
    [
        .. U32(sync ? 3u : 2u), .. Str(name), .. Str(pattern), .. Bin(Encoding.UTF8.GetBytes(requestInfo)),
        .. Bin(Encoding.UTF8.GetBytes(request)), .. U32(timeout), (byte)priority, .. transId ?? Vectors.TransId,
        .. U32((uint)Vectors.V3Pid.Length), .. Vectors.V3Pid,
    ];

    /// <summary>RETURN_SYNC with a response.</summary>
    public static byte[] ReturnSync(string response, byte[]? transId = null, string responseInfo = "") =>
    [
        .. U32(6), .. Bin(Encoding.UTF8.GetBytes(responseInfo)), .. Bin(Encoding.UTF8.GetBytes(response)),
        .. transId ?? Vectors.TransId,
    ];

    /// <summary>The return_* the library sends for a Messages.Send request answered with <paramref name="response"/>.</summary>
    public static byte[] ExpectedReturn(bool sync, string name, string pattern, string response, uint timeout = 5000,
        string responseInfo = "", byte[]? transId = null) => Etf.Term(Etf.Tuple(
        Etf.Atom(sync ? "return_sync" : "return_async"), Etf.Str(name), Etf.Str(pattern), Etf.Bin(responseInfo),
        Etf.Bin(response), Etf.Int(timeout), Etf.Bin(transId ?? Vectors.TransId), Etf.Pid));
}
