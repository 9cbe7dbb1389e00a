using System.Buffers;
using System.Text;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>Writes JSON string literals in either <see cref="JsonStyle"/>.</summary>
internal static class JsonStringEscaper
{
    // Bytes that can be copied into a Python-style string unchanged: printable ASCII except the
    // two characters that always need a backslash.
    private static readonly SearchValues<byte> s_pythonSpecial = SearchValues.Create(
        Enumerable.Range(0, 256).Where(b => b < 0x20 || b > 0x7E || b == '"' || b == '\\').Select(b => (byte)b).ToArray());

    /// <summary>Writes a .NET string as a quoted JSON string.</summary>
    public static void WriteString(ref ByteSink sink, ReadOnlySpan<char> value, JsonStyle style)
    {
        sink.Write((byte)'"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (style == JsonStyle.Python)
            {
                WritePythonCodeUnit(ref sink, c);
            }
            else if (c < 0x80)
            {
                WriteCompactAscii(ref sink, c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                WriteUtf8(ref sink, new Rune(c, value[i + 1]));
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate has no UTF-8 form; the escape keeps it instead of a U+FFFD.
                sink.WriteUnicodeEscape(c);
            }
            else
            {
                WriteUtf8(ref sink, new Rune(c));
            }
        }

        sink.Write((byte)'"');
    }

    /// <summary>
    /// Writes a string token taken from validated JSON; <paramref name="body"/> is the text between
    /// the quotes, escapes still in place. Compact style copies it unchanged (pass-through);
    /// Python style re-escapes it as <c>json.dumps(json.loads(...))</c> would.
    /// </summary>
    public static void WriteRawString(ref ByteSink sink, ReadOnlySpan<byte> body, JsonStyle style)
    {
        sink.Write((byte)'"');
        if (style == JsonStyle.Compact || body.IndexOfAny(s_pythonSpecial) < 0)
        {
            sink.Write(body);
        }
        else
        {
            WritePythonBody(ref sink, body);
        }

        sink.Write((byte)'"');
    }

    /// <summary>Python's <c>ensure_ascii</c> rule for one UTF-16 code unit.</summary>
    public static void WritePythonCodeUnit(ref ByteSink sink, int codeUnit)
    {
        switch (codeUnit)
        {
            case '"': sink.Write("\\\""u8); break;
            case '\\': sink.Write("\\\\"u8); break;
            case '\n': sink.Write("\\n"u8); break;
            case '\r': sink.Write("\\r"u8); break;
            case '\t': sink.Write("\\t"u8); break;
            case '\b': sink.Write("\\b"u8); break;
            case '\f': sink.Write("\\f"u8); break;
            default:
                if (codeUnit >= 0x20 && codeUnit <= 0x7E)
                {
                    sink.Write((byte)codeUnit);
                }
                else
                {
                    sink.WriteUnicodeEscape(codeUnit);
                }

                break;
        }
    }

    private static void WritePythonBody(ref ByteSink sink, ReadOnlySpan<byte> body)
    {
        int i = 0;
        while (i < body.Length)
        {
            byte b = body[i];
            if (b == '\\')
            {
                // The input was validated by System.Text.Json, so every escape is complete.
                byte kind = body[i + 1];
                switch (kind)
                {
                    case (byte)'b': WritePythonCodeUnit(ref sink, '\b'); break;
                    case (byte)'f': WritePythonCodeUnit(ref sink, '\f'); break;
                    case (byte)'n': WritePythonCodeUnit(ref sink, '\n'); break;
                    case (byte)'r': WritePythonCodeUnit(ref sink, '\r'); break;
                    case (byte)'t': WritePythonCodeUnit(ref sink, '\t'); break;
                    case (byte)'u':
                        // Escaped code units are re-emitted one by one, so a surrogate pair (or a lone
                        // surrogate, which Python also tolerates) survives unchanged.
                        WritePythonCodeUnit(ref sink, ParseHex4(body.Slice(i + 2, 4)));
                        i += 4;
                        break;
                    default: WritePythonCodeUnit(ref sink, kind); break; // '"', '\\', '/'
                }

                i += 2;
            }
            else if (b < 0x80)
            {
                WritePythonCodeUnit(ref sink, b);
                i++;
            }
            else
            {
                Rune.DecodeFromUtf8(body[i..], out Rune rune, out int consumed);
                if (rune.IsBmp)
                {
                    sink.WriteUnicodeEscape(rune.Value);
                }
                else
                {
                    // The UTF-16 surrogate pair, as Python writes characters outside the BMP.
                    int offset = rune.Value - 0x10000;
                    sink.WriteUnicodeEscape(0xD800 + (offset >> 10));
                    sink.WriteUnicodeEscape(0xDC00 + (offset & 0x3FF));
                }

                i += consumed;
            }
        }
    }

    private static void WriteCompactAscii(ref ByteSink sink, char c)
    {
        switch (c)
        {
            case '"': sink.Write("\\\""u8); break;
            case '\\': sink.Write("\\\\"u8); break;
            case '\n': sink.Write("\\n"u8); break;
            case '\r': sink.Write("\\r"u8); break;
            case '\t': sink.Write("\\t"u8); break;
            case '\b': sink.Write("\\b"u8); break;
            case '\f': sink.Write("\\f"u8); break;
            default:
                if (c < 0x20)
                {
                    sink.WriteUnicodeEscape(c);
                }
                else
                {
                    sink.Write((byte)c);
                }

                break;
        }
    }

    private static void WriteUtf8(ref ByteSink sink, Rune rune)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int length = rune.EncodeToUtf8(utf8);
        sink.Write(utf8[..length]);
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte h in hex)
        {
            value = (value << 4) | h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                _ => h - 'A' + 10,
            };
        }

        return value;
    }
}
