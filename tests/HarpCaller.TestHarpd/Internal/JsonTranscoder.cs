using System.Buffers;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Re-spells an already validated JSON value in a <see cref="JsonStyle"/> in one pass, without
/// building a DOM: whitespace is dropped, separators are rewritten, strings go through
/// <see cref="JsonStringEscaper.WriteRawString"/>, and numbers and literals are copied byte for
/// byte, so a 30-digit integer or <c>1e+300</c> leaves exactly as it arrived.
/// </summary>
internal static class JsonTranscoder
{
    // Bytes that end a run of bytes copied verbatim outside strings.
    private static readonly SearchValues<byte> s_structural = SearchValues.Create(" \t\r\n,:\""u8);

    /// <summary>
    /// Writes <paramref name="json"/>, which must be one complete value that System.Text.Json has
    /// already accepted (a <c>JsonElement</c>'s raw bytes or a constant), to <paramref name="sink"/>.
    /// </summary>
    public static void Transcode(ref ByteSink sink, ReadOnlySpan<byte> json, JsonStyle style)
    {
        ReadOnlySpan<byte> itemSeparator = style == JsonStyle.Python ? ", "u8 : ","u8;
        ReadOnlySpan<byte> keySeparator = style == JsonStyle.Python ? ": "u8 : ":"u8;
        int i = 0;
        while (i < json.Length)
        {
            int run = json[i..].IndexOfAny(s_structural);
            if (run < 0)
            {
                sink.Write(json[i..]);
                return;
            }

            if (run > 0)
            {
                sink.Write(json.Slice(i, run));
                i += run;
            }

            switch (json[i])
            {
                case (byte)',':
                    sink.Write(itemSeparator);
                    i++;
                    break;
                case (byte)':':
                    sink.Write(keySeparator);
                    i++;
                    break;
                case (byte)'"':
                    int end = FindStringEnd(json, i + 1);
                    JsonStringEscaper.WriteRawString(ref sink, json[(i + 1)..end], style);
                    i = end + 1;
                    break;
                default:
                    i++; // insignificant whitespace
                    break;
            }
        }
    }

    private static int FindStringEnd(ReadOnlySpan<byte> json, int start)
    {
        int i = start;
        while (true)
        {
            int next = json[i..].IndexOfAny((byte)'"', (byte)'\\');
            i += next;
            if (json[i] == '"')
            {
                return i;
            }

            i += 2; // skip the escaped byte, which may itself be '"' or '\\'
        }
    }
}
