using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using HarpCaller.Protocol.Internal;

namespace HarpCaller.Protocol;

/// <summary>
/// Parses one line from a daemon (spec 2).
/// </summary>
public static class HarpdMessageParser
{
    /// <summary>Lines up to this size use stack memory for the scratch buffer: acknowledgements and small results.</summary>
    private const int StackScratch = 512;

    /// <summary>
    /// Parses one message line.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Before the acknowledgement (<paramref name="acknowledged"/> false) only an acknowledgement or a
    /// harp error is valid; after it, only a stream packet, a result, an exception or a harp error.
    /// Each message must have exactly its keys (<c>harp</c> only on the acknowledgement and the harp
    /// error, and written as the integer <c>1</c>); repeated keys are rejected.
    /// </para>
    /// <para>
    /// Inside an exception or error object, <c>type</c> and <c>message</c> must be strings; other keys
    /// (<c>data</c>, or anything a daemon adds) are kept and passed through in <c>ObjectJson</c>, since
    /// the daemon's report is worth more to the client than our opinion of its shape.
    /// </para>
    /// <para>
    /// Accepts Python's <c>json.dumps</c> output: <c>", "</c> / <c>": "</c> separators, ASCII-only
    /// <c>\uXXXX</c> escapes with surrogate pairs, floats like <c>1e+300</c>, integers of any size.
    /// Values are passed through as written. (Python's <c>NaN</c> and <c>Infinity</c> are not JSON and
    /// are rejected.)
    /// </para>
    /// </remarks>
    /// <param name="line">The line without its <c>\n</c>; a trailing <c>\r</c> is allowed.</param>
    /// <param name="acknowledged">Whether the acknowledgement has already been received on this connection.</param>
    /// <returns>One of <see cref="HarpdAck"/>, <see cref="HarpdStream"/>, <see cref="HarpdResult"/>,
    /// <see cref="HarpdException"/>, <see cref="HarpdError"/>.</returns>
    /// <exception cref="ProtocolException"><c>protocol_error</c>: anything else.</exception>
    public static HarpdMessage Parse(ReadOnlySpan<byte> line, bool acknowledged)
    {
        if (!Utf8.IsValid(line))
        {
            throw Violation("message is not valid UTF-8");
        }

        byte[]? rented = null;
        Span<byte> scratch = line.Length <= StackScratch
            ? stackalloc byte[StackScratch]
            : (rented = ArrayPool<byte>.Shared.Rent(line.Length));
        try
        {
            HarpdSlots slots = default;
            string? problem;
            try
            {
                problem = TopLevelReader.Read<HarpdKeys>(line, scratch, slots, "message");
            }
            catch (JsonException e)
            {
                throw Violation("message is not valid JSON: " + MessageText.Bound(e.Message));
            }

            if (problem is not null)
            {
                throw Violation(problem);
            }

            return Interpret(scratch, slots, acknowledged);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static HarpdMessage Interpret(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots, bool acknowledged)
    {
        int present = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i].IsPresent)
            {
                present |= 1 << i;
            }
        }

        int harp = HarpdKeys.Bit(HarpdKey.Harp);
        if (present == (harp | HarpdKeys.Bit(HarpdKey.Error)))
        {
            // A harp error is valid on either side of the acknowledgement.
            RequireVersion(scratch, slots);
            byte[] error = ReadErrorObject(scratch, slots[(int)HarpdKey.Error], "error", out string type, out string message);
            return new HarpdError(type, message, error);
        }

        if (present == (harp | HarpdKeys.Bit(HarpdKey.StreamResult)))
        {
            if (acknowledged)
            {
                throw Violation("second acknowledgement");
            }

            RequireVersion(scratch, slots);
            return slots[(int)HarpdKey.StreamResult].Type switch
            {
                JsonTokenType.True => new HarpdAck(true),
                JsonTokenType.False => new HarpdAck(false),
                _ => throw Violation("'stream_result' must be true or false"),
            };
        }

        if (present == HarpdKeys.Bit(HarpdKey.Stream) && acknowledged)
        {
            return new HarpdStream(slots[(int)HarpdKey.Stream].Raw(scratch).ToArray());
        }

        if (present == HarpdKeys.Bit(HarpdKey.Result) && acknowledged)
        {
            return new HarpdResult(slots[(int)HarpdKey.Result].Raw(scratch).ToArray());
        }

        if (present == HarpdKeys.Bit(HarpdKey.Exception) && acknowledged)
        {
            byte[] exception = ReadErrorObject(scratch, slots[(int)HarpdKey.Exception], "exception", out string type, out string message);
            return new HarpdException(type, message, exception);
        }

        throw Violation(Describe(present, acknowledged));
    }

    /// <summary>Why a message with this key set is not valid here.</summary>
    private static string Describe(int present, bool acknowledged)
    {
        int payload = HarpdKeys.Bit(HarpdKey.Stream) | HarpdKeys.Bit(HarpdKey.Result) | HarpdKeys.Bit(HarpdKey.Exception);
        int single = present & payload;
        if (present == 0)
        {
            return "empty message";
        }

        if (!acknowledged && single != 0 && (single & (single - 1)) == 0 && present == single)
        {
            string what = single == HarpdKeys.Bit(HarpdKey.Stream) ? "stream packet"
                : single == HarpdKeys.Bit(HarpdKey.Result) ? "result" : "exception";
            return what + " before the acknowledgement";
        }

        if ((present & HarpdKeys.Bit(HarpdKey.StreamResult)) != 0 && (present & HarpdKeys.Bit(HarpdKey.Harp)) == 0)
        {
            return "acknowledgement without 'harp'";
        }

        if ((present & HarpdKeys.Bit(HarpdKey.Error)) != 0 && (present & HarpdKeys.Bit(HarpdKey.Harp)) == 0)
        {
            return "error without 'harp'";
        }

        if (present == HarpdKeys.Bit(HarpdKey.Harp))
        {
            return "message with only 'harp'";
        }

        return acknowledged
            ? "unexpected combination of keys (expected stream, result, exception or a harp error)"
            : "unexpected combination of keys (expected an acknowledgement or a harp error)";
    }

    private static void RequireVersion(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots)
    {
        ValueSlot version = slots[(int)HarpdKey.Harp];
        if (version.Type != JsonTokenType.Number || !version.Raw(scratch).SequenceEqual("1"u8))
        {
            throw Violation("'harp' must be the integer 1");
        }
    }

    /// <summary>
    /// Checks an exception or error object (<c>type</c> and <c>message</c> strings required, other keys kept)
    /// and returns its compact JSON.
    /// </summary>
    private static byte[] ReadErrorObject(ReadOnlySpan<byte> scratch, ValueSlot slot, string what, out string type, out string message)
    {
        if (slot.Type != JsonTokenType.StartObject)
        {
            throw Violation($"'{what}' must be an object");
        }

        ReadOnlySpan<byte> json = slot.Raw(scratch);

        // Compact, already validated JSON: this reader cannot fail on syntax.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = TopLevelReader.MaxDepth });
        reader.Read();
        string? typeText = null;
        string? messageText = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = PropertyNames.Is(ref reader, "type"u8);
            bool isMessage = !isType && PropertyNames.Is(ref reader, "message"u8);
            reader.Read();
            if (!isType && !isMessage)
            {
                reader.Skip();
                continue;
            }

            string key = isType ? "type" : "message";
            if ((isType ? typeText : messageText) is not null)
            {
                throw Violation($"duplicate key '{key}' in '{what}'");
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                throw Violation($"'{what}' '{key}' must be a string");
            }

            // Lenient decoding: a lone surrogate escape is kept rather than failing the job.
            string text = reader.ValueIsEscaped
                ? JsonStringCodec.Unescape(reader.ValueSpan)
                : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            if (isType)
            {
                typeText = text;
            }
            else
            {
                messageText = text;
            }
        }

        if (typeText is null || messageText is null)
        {
            throw Violation($"'{what}' needs string 'type' and 'message'");
        }

        type = typeText;
        message = messageText;
        return json.ToArray();
    }

    private static ProtocolException Violation(string message) => new(ErrorTypes.ProtocolError, message);
}
