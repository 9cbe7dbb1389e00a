namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// One method per message harpd sends (protocol spec section 2). Each writes one complete line
/// through a <see cref="JsonLineWriter"/>, so the spelling (Python or compact) is decided in one
/// place. Raw arguments are validated JSON taken from the request.
/// </summary>
internal static class ReplyEncoder
{
    /// <summary><c>{"harp":1,"stream_result":B}</c>: the acknowledgement.</summary>
    public static void Ack(JsonLineWriter w, bool streamResult)
    {
        w.StartObject();
        w.Name("harp"u8);
        w.Number(1); // protocol version; the original daemon always sends 1
        w.Name("stream_result"u8);
        w.Bool(streamResult); // whether "stream" lines precede the result
        w.EndObject();
        w.EndLine();
    }

    /// <summary>An acknowledgement with a key the protocol does not define (a violation).</summary>
    public static void AckWithExtraKey(JsonLineWriter w, bool streamResult)
    {
        w.StartObject();
        w.Name("harp"u8);
        w.Number(1);
        w.Name("stream_result"u8);
        w.Bool(streamResult);
        w.Name("extra"u8);
        w.String("unexpected"); // the only difference from Ack: a dispatcher must call this a protocol_error
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"stream":N}</c>: one stream packet.</summary>
    public static void Stream(JsonLineWriter w, long value)
    {
        w.StartObject();
        w.Name("stream"u8);
        w.Number(value); // the packet's payload
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"stream":X}</c> with a payload taken from the request.</summary>
    public static void Stream(JsonLineWriter w, ReadOnlySpan<byte> rawValue)
    {
        w.StartObject();
        w.Name("stream"u8);
        w.Raw(rawValue); // the packet's payload, numbers as written
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"result":N}</c>.</summary>
    public static void Result(JsonLineWriter w, long value)
    {
        w.StartObject();
        w.Name("result"u8);
        w.Number(value); // the procedure's return value
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"result":"S"}</c>.</summary>
    public static void Result(JsonLineWriter w, string value)
    {
        w.StartObject();
        w.Name("result"u8);
        w.String(value); // the procedure's return value
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"result":V}</c> with a value taken from the request or a constant.</summary>
    public static void Result(JsonLineWriter w, ReadOnlySpan<byte> rawValue)
    {
        w.StartObject();
        w.Name("result"u8);
        w.Raw(rawValue); // the procedure's return value, numbers as written
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"exception":{"type":T,"message":M[,"data":D]}}</c>: the procedure raised.</summary>
    public static void Exception(JsonLineWriter w, ReadOnlySpan<byte> rawType, ReadOnlySpan<byte> rawMessage, ReadOnlySpan<byte> rawData)
    {
        w.StartObject();
        w.Name("exception"u8);
        WriteErrorBody(w, rawType, rawMessage, rawData);
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"exception":{"type":T,"message":M}}</c> with strings of our own.</summary>
    public static void Exception(JsonLineWriter w, string type, string message)
    {
        w.StartObject();
        w.Name("exception"u8);
        WriteErrorBody(w, type, message);
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"harp":1,"error":{"type":T,"message":M}}</c>: a daemon-level error.</summary>
    public static void Error(JsonLineWriter w, string type, string message)
    {
        w.StartObject();
        w.Name("harp"u8);
        w.Number(1); // errors carry the protocol marker, results do not
        w.Name("error"u8);
        WriteErrorBody(w, type, message);
        w.EndObject();
        w.EndLine();
    }

    /// <summary>A daemon-level error whose fields come from the request (type and message may be any JSON).</summary>
    public static void Error(JsonLineWriter w, ReadOnlySpan<byte> rawType, ReadOnlySpan<byte> rawMessage, ReadOnlySpan<byte> rawData)
    {
        w.StartObject();
        w.Name("harp"u8);
        w.Number(1);
        w.Name("error"u8);
        WriteErrorBody(w, rawType, rawMessage, rawData);
        w.EndObject();
        w.EndLine();
    }

    /// <summary><c>{"harp":1,"error":E}</c> with an arbitrary error value (for malformed error objects).</summary>
    public static void ErrorWithValue(JsonLineWriter w, ReadOnlySpan<byte> rawErrorValue)
    {
        w.StartObject();
        w.Name("harp"u8);
        w.Number(1);
        w.Name("error"u8);
        w.Raw(rawErrorValue); // deliberately not a well-formed {"type","message"} object
        w.EndObject();
        w.EndLine();
    }

    /// <summary>
    /// What precedes the string of a huge <c>{"result":"..."}</c> line; the content is streamed
    /// after it and <see cref="HugeResultSuffix"/> ends the line.
    /// </summary>
    public static ReadOnlySpan<byte> HugeResultPrefix(JsonStyle style) =>
        style == JsonStyle.Python ? "{\"result\": \""u8 : "{\"result\":\""u8;

    /// <summary>Closes a huge result line.</summary>
    public static ReadOnlySpan<byte> HugeResultSuffix => "\"}\n"u8;

    private static void WriteErrorBody(JsonLineWriter w, ReadOnlySpan<byte> rawType, ReadOnlySpan<byte> rawMessage, ReadOnlySpan<byte> rawData)
    {
        w.StartObject();
        w.Name("type"u8);
        w.Raw(rawType); // machine-readable kind
        w.Name("message"u8);
        w.Raw(rawMessage); // human-readable text
        if (!rawData.IsEmpty)
        {
            w.Name("data"u8);
            w.Raw(rawData); // optional details, any JSON
        }

        w.EndObject();
    }

    private static void WriteErrorBody(JsonLineWriter w, string type, string message)
    {
        w.StartObject();
        w.Name("type"u8);
        w.String(type);
        w.Name("message"u8);
        w.String(message);
        w.EndObject();
    }
}
