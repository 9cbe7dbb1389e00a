using System.Buffers;

namespace CloudI.Http;

/// <summary>
/// <c>query_get_format = text_pairs</c>: a query string as <c>key\0value\0</c> pairs in order,
/// <c>+</c> as space, percent-decoded bytes, a key without <c>=</c> valued <c>true</c>, empty
/// segments skipped.
/// </summary>
internal static class QueryPairs
{
    private static readonly byte[] s_true = "true"u8.ToArray();

    /// <summary>The encoded pairs, or null when a percent escape is malformed (HTTP 400).</summary>
    public static byte[]? Encode(ReadOnlySpan<char> query)
    {
        if (query.IsEmpty)
        {
            return [];
        }

        // Decoding never grows a segment; each pair adds two NULs and a bare key "true".
        int most = query.Length + (2 * (query.Count('&') + 1)) + (s_true.Length * (query.Count('&') + 1));
        byte[] scratch = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            int length = 0;
            foreach (Range range in query.Split('&'))
            {
                ReadOnlySpan<char> segment = query[range];
                if (segment.IsEmpty)
                {
                    continue;
                }

                int eq = segment.IndexOf('=');
                ReadOnlySpan<char> key = eq < 0 ? segment : segment[..eq];
                if (!Decode(key, scratch, ref length))
                {
                    return null;
                }

                scratch[length++] = 0;
                if (eq < 0)
                {
                    s_true.CopyTo(scratch.AsSpan(length));
                    length += s_true.Length;
                }
                else if (!Decode(segment[(eq + 1)..], scratch, ref length))
                {
                    return null;
                }

                scratch[length++] = 0;
            }

            return scratch.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static bool Decode(ReadOnlySpan<char> text, byte[] output, ref int length)
    {
        for (int k = 0; k < text.Length; k++)
        {
            char c = text[k];
            if (c == '+')
            {
                output[length++] = (byte)' ';
            }
            else if (c == '%')
            {
                if (k + 2 >= text.Length || !char.IsAsciiHexDigit(text[k + 1]) || !char.IsAsciiHexDigit(text[k + 2]))
                {
                    return false;
                }

                output[length++] = (byte)((HexValue(text[k + 1]) << 4) | HexValue(text[k + 2]));
                k += 2;
            }
            else
            {
                output[length++] = (byte)c;
            }
        }

        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
