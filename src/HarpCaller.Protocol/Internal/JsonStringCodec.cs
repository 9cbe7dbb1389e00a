using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace HarpCaller.Protocol.Internal;

/// <summary>
/// Decodes the content of JSON strings that the reader has already validated.
/// </summary>
/// <remarks>
/// We decode ourselves rather than through <c>Utf8JsonReader.GetString</c> because that throws on a
/// lone surrogate escape such as <c>"\ud800"</c>, which is valid JSON (Python's <c>json.dumps</c>
/// writes it) and must never turn into anything but a value or a <see cref="ProtocolException"/>.
/// Lone surrogates are kept as lone UTF-16 code units; <see cref="Utf8LineBuilder.AppendJsonString"/>
/// writes them back as <c>\uXXXX</c> escapes, so nothing is lost on the way through.
/// </remarks>
internal static class JsonStringCodec
{
    private const int StackChars = 256;

    /// <summary>Unescapes string content (between the quotes). The input must be valid UTF-8 and valid JSON string content.</summary>
    public static string Unescape(ReadOnlySpan<byte> content)
    {
        int backslash = content.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            return Encoding.UTF8.GetString(content);
        }

        // UTF-8 never needs fewer bytes than UTF-16 needs code units, and escapes only shrink, so the
        // byte count bounds the char count.
        char[]? rented = null;
        Span<char> buffer = content.Length <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(content.Length));
        try
        {
            int written = 0;
            while (true)
            {
                // Runs between escapes split only at an ASCII backslash, so they are whole UTF-8 sequences.
                written += Encoding.UTF8.GetChars(content[..backslash], buffer[written..]);
                Debug.Assert(backslash + 1 < content.Length, "the reader validated the escape");
                byte kind = content[backslash + 1];
                int consumed = 2;
                char decoded = kind switch
                {
                    (byte)'"' => '"',
                    (byte)'\\' => '\\',
                    (byte)'/' => '/',
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => '\0',
                };
                if (kind == (byte)'u')
                {
                    decoded = (char)((HexValue(content[backslash + 2]) << 12)
                        | (HexValue(content[backslash + 3]) << 8)
                        | (HexValue(content[backslash + 4]) << 4)
                        | HexValue(content[backslash + 5]));
                    consumed = 6;
                }

                buffer[written++] = decoded;
                content = content[(backslash + consumed)..];
                backslash = content.IndexOf((byte)'\\');
                if (backslash < 0)
                {
                    written += Encoding.UTF8.GetChars(content, buffer[written..]);
                    return new string(buffer[..written]);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether the text holds a UTF-16 surrogate that is not part of a valid pair.</summary>
    public static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return true;
        }

        return false;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => throw new UnreachableException("the reader validated the escape"),
    };
}
