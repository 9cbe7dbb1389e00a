using System.Buffers;
using System.Text;

namespace Toml.Internal;

/// <summary>
/// Input checks done once over the whole text, before parsing: TOML 1.0 allows no control character
/// other than tab and newline anywhere (not even in comments or strings), a CR only as part of CRLF,
/// and only valid Unicode. Checking up front keeps the grammar code free of these cases.
/// </summary>
internal static class TomlText
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>Decodes strict UTF-8, naming the first invalid byte's position.</summary>
    internal static string DecodeUtf8(ReadOnlySpan<byte> utf8, string? fileName)
    {
        var line = 1;
        var column = 1;
        var rest = utf8;
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                throw new TomlException(
                    $"invalid UTF-8 byte 0x{rest[0]:X2}", fileName, line, column);
            }

            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }

            rest = rest[consumed..];
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Removes one leading byte order mark and rejects characters TOML forbids everywhere.</summary>
    internal static string Prepare(string text, string? fileName)
    {
        if (text.Length > 0 && text[0] == ByteOrderMark)
        {
            text = text[1..];
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                    continue;
                }

                throw At(text, i, fileName, "carriage return not followed by a line feed");
            }

            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            {
                throw At(text, i, fileName, $"control character U+{(int)c:X4} is not allowed");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw At(text, i, fileName, "unpaired surrogate: the text is not valid Unicode");
            }
        }

        return text;
    }

    private static TomlException At(string text, int offset, string? fileName, string reason)
    {
        var (line, column) = new LineMap(text).Locate(offset);
        return new TomlException(reason, fileName, line, column);
    }
}
