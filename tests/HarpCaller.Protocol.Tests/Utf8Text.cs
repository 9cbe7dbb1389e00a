using System.Text;

namespace HarpCaller.Protocol.Tests;

/// <summary>Short conversions between test strings and wire bytes.</summary>
internal static class Utf8Text
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
