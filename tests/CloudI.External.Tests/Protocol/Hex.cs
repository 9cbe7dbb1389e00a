using System.Globalization;

namespace CloudI.External.Tests.Protocol;

/// <summary>Hex helpers for the spec's space-separated test vectors.</summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var digits = new string(text.Where(Uri.IsHexDigit).ToArray());
        return Convert.FromHexString(digits);
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);
}
