namespace HarpCaller.Protocol.Internal;

/// <summary>Keeps error messages short: they go back to clients and into logs.</summary>
internal static class MessageText
{
    /// <summary>Longest piece of foreign input quoted in a message (the brief allows about 100 characters per message).</summary>
    private const int MaxQuoted = 40;

    /// <summary>Longest message taken over from the JSON reader.</summary>
    private const int MaxReaderMessage = 160;

    /// <summary>The name, cut to a few dozen characters.</summary>
    public static string Quote(string name)
    {
        if (name.Length <= MaxQuoted)
        {
            return name;
        }

        // Do not cut a surrogate pair in half.
        int cut = char.IsHighSurrogate(name[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted;
        return string.Concat(name.AsSpan(0, cut), "...");
    }

    /// <summary>
    /// A JSON string (its raw content between the quotes, escaped when <paramref name="escaped"/>) cut
    /// to a few dozen characters, without decoding more of it than is shown.
    /// </summary>
    public static string QuoteRaw(ReadOnlySpan<byte> raw, bool escaped)
    {
        // Enough bytes for MaxQuoted characters however they are written.
        const int Window = MaxQuoted * 6;
        if (raw.Length > Window)
        {
            int cut = 0;
            while (cut < Window)
            {
                int step = escaped && raw[cut] == (byte)'\\' ? (raw[cut + 1] == (byte)'u' ? 6 : 2) : 1;
                if (cut + step > Window)
                {
                    break;
                }

                cut += step;
            }

            // Back off to the start of a UTF-8 sequence (continuation bytes are never part of an escape).
            while (cut > 0 && (raw[cut] & 0xC0) == 0x80)
            {
                cut--;
            }

            raw = raw[..cut];
        }

        return Quote(escaped ? JsonStringCodec.Unescape(raw) : System.Text.Encoding.UTF8.GetString(raw));
    }

    /// <summary>The JSON reader's description of a syntax error, bounded in length (it quotes at most a token fragment).</summary>
    public static string Bound(string readerMessage) =>
        readerMessage.Length <= MaxReaderMessage ? readerMessage : string.Concat(readerMessage.AsSpan(0, MaxReaderMessage), "...");
}
