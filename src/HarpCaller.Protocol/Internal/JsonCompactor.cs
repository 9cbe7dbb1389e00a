using System.Text.Json;

namespace HarpCaller.Protocol.Internal;

/// <summary>
/// Copies one JSON value from a reader to a buffer in compact form, every string and number token
/// byte-for-byte as written.
/// </summary>
/// <remarks>
/// This is how values pass through exactly (spec: "Numbers are passed through exactly as written"):
/// the reader's <c>ValueSpan</c> is the raw token text (for strings: the escaped content without the
/// quotes), so nothing is ever decoded and re-encoded. The compact form is never longer than the
/// input it came from (every byte written is a token byte or a quote, comma or colon that was in the
/// input), so a destination as long as the remaining input always suffices.
/// </remarks>
internal static class JsonCompactor
{
    /// <summary>
    /// Copies the value whose first token the reader is positioned on, leaving the reader on its last
    /// token. Returns the number of bytes written.
    /// </summary>
    /// <exception cref="JsonException">The input is not valid JSON (thrown by the reader).</exception>
    public static int CopyValue(ref Utf8JsonReader reader, scoped Span<byte> destination)
    {
        int depth = reader.CurrentDepth;
        int written = 0;
        bool needComma = false;
        while (true)
        {
            JsonTokenType type = reader.TokenType;
            switch (type)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    if (needComma)
                    {
                        destination[written++] = (byte)',';
                    }

                    destination[written++] = type == JsonTokenType.StartObject ? (byte)'{' : (byte)'[';
                    needComma = false;
                    break;

                case JsonTokenType.EndObject:
                    destination[written++] = (byte)'}';
                    needComma = true;
                    break;

                case JsonTokenType.EndArray:
                    destination[written++] = (byte)']';
                    needComma = true;
                    break;

                case JsonTokenType.PropertyName:
                    if (needComma)
                    {
                        destination[written++] = (byte)',';
                    }

                    written += CopyQuoted(reader.ValueSpan, destination[written..]);
                    destination[written++] = (byte)':';
                    needComma = false;
                    break;

                case JsonTokenType.String:
                    if (needComma)
                    {
                        destination[written++] = (byte)',';
                    }

                    written += CopyQuoted(reader.ValueSpan, destination[written..]);
                    needComma = true;
                    break;

                default:
                    // Number, true, false, null: ValueSpan is the literal text as written.
                    if (needComma)
                    {
                        destination[written++] = (byte)',';
                    }

                    reader.ValueSpan.CopyTo(destination[written..]);
                    written += reader.ValueSpan.Length;
                    needComma = true;
                    break;
            }

            bool opensContainer = type is JsonTokenType.StartObject or JsonTokenType.StartArray;
            if (reader.CurrentDepth == depth && !opensContainer && type != JsonTokenType.PropertyName)
            {
                return written;
            }

            // With isFinalBlock (always, for span input) the reader throws on truncated input rather
            // than returning false in the middle of a value.
            if (!reader.Read())
            {
                throw new JsonException("unexpected end of JSON input");
            }
        }
    }

    private static int CopyQuoted(ReadOnlySpan<byte> content, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        content.CopyTo(destination[1..]);
        destination[content.Length + 1] = (byte)'"';
        return content.Length + 2;
    }
}
