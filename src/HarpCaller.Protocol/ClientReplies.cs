using System.Buffers;
using System.Globalization;
using HarpCaller.Protocol.Internal;

namespace HarpCaller.Protocol;

/// <summary>
/// Encodes the dispatcher's replies to clients (spec 1.3–1.8): compact JSON, fields in the order the
/// spec shows them, non-ASCII as raw UTF-8.
/// </summary>
/// <remarks>
/// Reply methods return a whole line including its trailing <c>\n</c>. The <c>Outcome…</c> methods
/// return a job's terminal reply WITHOUT the newline: it is stored once and replayed to every
/// <c>get_result</c> and stream reader, which add the newline when sending. Arguments named
/// <c>…Json</c> must be valid compact JSON text (as produced by the parsers); they are copied as they
/// are, which is what keeps numbers and escapes exactly as the client or daemon wrote them.
/// </remarks>
public static class ClientReplies
{
    /// <summary>Reply to a call (spec 1.3): <c>{"harpcaller":1,"job_id":"&lt;uuid&gt;"}</c>, the id in lower case.</summary>
    /// <param name="id">The new job's id.</param>
    public static byte[] JobId(Guid id)
    {
        ReadOnlySpan<byte> prefix = "{\"harpcaller\":1,\"job_id\":\""u8;
        ReadOnlySpan<byte> suffix = "\"}\n"u8;
        const int GuidLength = 36;
        byte[] line = new byte[prefix.Length + GuidLength + suffix.Length];
        prefix.CopyTo(line);

        // "D" is the 8-4-4-4-12 form in lower case, as the spec requires.
        id.TryFormat(line.AsSpan(prefix.Length, GuidLength), out _, "D");
        suffix.CopyTo(line.AsSpan(prefix.Length + GuidLength));
        return line;
    }

    /// <summary>Reply to a cancel (spec 1.4): <c>{"cancelled":true}</c> or <c>{"cancelled":false}</c>.</summary>
    /// <param name="cancelled">Whether a queued or running job was stopped.</param>
    public static byte[] Cancelled(bool cancelled) =>
        cancelled ? "{\"cancelled\":true}\n"u8.ToArray() : "{\"cancelled\":false}\n"u8.ToArray();

    /// <summary>Reply to <c>get_result</c> with <c>"wait":false</c> for a job that has not ended: <c>{"no_result":true}</c>.</summary>
    public static byte[] NoResult() => "{\"no_result\":true}\n"u8.ToArray();

    /// <summary>Terminal line of <c>read_stream</c> for a job that has not ended: <c>{"continue":true}</c>.</summary>
    public static byte[] Continue() => "{\"continue\":true}\n"u8.ToArray();

    /// <summary>Reply for an unknown job id: <c>{"error":{"type":"invalid_jobid","message":"no job with this ID"}}</c>.</summary>
    public static byte[] InvalidJobId() =>
        "{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}\n"u8.ToArray();

    /// <summary>An error reply: <c>{"error":{"type":T,"message":M[,"data":D]}}</c>.</summary>
    /// <param name="type">The error type.</param>
    /// <param name="message">The human-readable message.</param>
    /// <param name="dataJson">Compact JSON for <c>data</c>, or <see langword="null"/> to leave the key out.</param>
    public static byte[] Error(string type, string message, string? dataJson = null) =>
        WrappedError("{\"error\":"u8, type, message, dataJson, newline: true);

    /// <summary>The reply to a request the parser rejected: an <see cref="Error"/> line with the exception's type and message.</summary>
    /// <param name="e">The exception thrown by <see cref="ClientRequestParser.Parse"/>.</param>
    public static byte[] InvalidRequest(ProtocolException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Error(e.ErrorType, e.Message);
    }

    /// <summary>
    /// Reply to <c>get_status</c> (spec 1.6):
    /// <c>{"call":{"host":H,"procedure":P,"arguments":A},"time":{"submit":S,"start":S2|null,"end":E|null},"info":I}</c>.
    /// </summary>
    /// <param name="host">The call's host.</param>
    /// <param name="procedure">The call's procedure.</param>
    /// <param name="argumentsJson">The call's arguments, compact JSON.</param>
    /// <param name="submit">Submit time, Unix seconds.</param>
    /// <param name="start">Start time, Unix seconds, or <see langword="null"/> if the job never started.</param>
    /// <param name="end">End time, Unix seconds, or <see langword="null"/> while the job has not ended.</param>
    /// <param name="infoJson">The call's <c>info</c>, compact JSON (<c>"null"</c> when there was none).</param>
    public static byte[] Status(string host, string procedure, string argumentsJson, long submit, long? start, long? end, string infoJson)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentException.ThrowIfNullOrEmpty(argumentsJson);
        ArgumentException.ThrowIfNullOrEmpty(infoJson);
        var line = new Utf8LineBuilder(stackalloc byte[512]);
        try
        {
            line.Append("{\"call\":{\"host\":"u8);
            line.AppendJsonString(host);
            line.Append(",\"procedure\":"u8);
            line.AppendJsonString(procedure);
            line.Append(",\"arguments\":"u8);
            line.AppendRawJson(argumentsJson);
            line.Append("},\"time\":{\"submit\":"u8);
            line.AppendInt64(submit);
            line.Append(",\"start\":"u8);
            AppendTimeOrNull(ref line, start);
            line.Append(",\"end\":"u8);
            AppendTimeOrNull(ref line, end);
            line.Append("},\"info\":"u8);
            line.AppendRawJson(infoJson);
            line.Append("}\n"u8);
            return line.ToArray();
        }
        finally
        {
            line.Dispose();
        }
    }

    /// <summary>A stream packet line (spec 1.7): <c>{"packet":N,"data":X,"time":T}</c>, <c>time</c> left out when null.</summary>
    /// <param name="n">The packet's absolute, 0-based position in the job's stream.</param>
    /// <param name="dataJson">The packet's data, compact JSON (UTF-8).</param>
    /// <param name="time">When the dispatcher received the packet, Unix seconds; <see langword="null"/> to leave the key out.</param>
    public static byte[] Packet(long n, ReadOnlySpan<byte> dataJson, long? time)
    {
        RequireJson(dataJson, nameof(dataJson));
        Span<byte> numbers = stackalloc byte[2 * MaxInt64Length];
        int length = PacketLength(n, dataJson, time, numbers, out int nLength, out int timeLength);
        byte[] line = new byte[length];
        WritePacket(line, dataJson, time.HasValue, numbers[..nLength], numbers.Slice(MaxInt64Length, timeLength));
        return line;
    }

    /// <summary>
    /// Writes a stream packet line, newline included, exactly like <see cref="Packet"/> but into
    /// <paramref name="writer"/> and without allocating: the read_stream hot path.
    /// </summary>
    /// <param name="writer">Where the line goes (for example a pipe writer).</param>
    /// <param name="n">The packet's absolute, 0-based position in the job's stream.</param>
    /// <param name="dataJson">The packet's data, compact JSON (UTF-8).</param>
    /// <param name="time">When the dispatcher received the packet, Unix seconds; <see langword="null"/> to leave the key out.</param>
    public static void WritePacket(IBufferWriter<byte> writer, long n, ReadOnlySpan<byte> dataJson, long? time)
    {
        ArgumentNullException.ThrowIfNull(writer);
        RequireJson(dataJson, nameof(dataJson));
        Span<byte> numbers = stackalloc byte[2 * MaxInt64Length];
        int length = PacketLength(n, dataJson, time, numbers, out int nLength, out int timeLength);
        Span<byte> target = writer.GetSpan(length)[..length];
        WritePacket(target, dataJson, time.HasValue, numbers[..nLength], numbers.Slice(MaxInt64Length, timeLength));
        writer.Advance(length);
    }

    /// <summary>Outcome: the procedure returned a value. <c>{"result":V}</c>, no newline.</summary>
    /// <param name="valueJson">The value, compact JSON (UTF-8) exactly as the daemon sent it.</param>
    public static byte[] OutcomeResult(ReadOnlySpan<byte> valueJson)
    {
        RequireJson(valueJson, nameof(valueJson));
        return Wrap("{\"result\":"u8, valueJson);
    }

    /// <summary>Outcome: the procedure raised. <c>{"exception":{"type":T,"message":M[,"data":D]}}</c>, no newline.</summary>
    /// <param name="type">The exception type.</param>
    /// <param name="message">The exception message.</param>
    /// <param name="dataJson">Compact JSON for <c>data</c>, or <see langword="null"/> to leave the key out.</param>
    public static byte[] OutcomeException(string type, string message, string? dataJson) =>
        WrappedError("{\"exception\":"u8, type, message, dataJson, newline: false);

    /// <summary>
    /// Outcome: the procedure raised, passing the daemon's exception object through exactly.
    /// <c>{"exception":&lt;object&gt;}</c>, no newline.
    /// </summary>
    /// <param name="objectJson">The daemon's exception object, compact JSON (<see cref="HarpdException.ObjectJson"/>).</param>
    public static byte[] OutcomeExceptionRaw(ReadOnlySpan<byte> objectJson)
    {
        RequireJson(objectJson, nameof(objectJson));
        return Wrap("{\"exception\":"u8, objectJson);
    }

    /// <summary>Outcome: the job was cancelled before it returned. <c>{"cancelled":true}</c>, no newline.</summary>
    public static byte[] OutcomeCancelled() => "{\"cancelled\":true}"u8.ToArray();

    /// <summary>Outcome: the call failed (spec 1.10). <c>{"error":{"type":T,"message":M[,"data":D]}}</c>, no newline.</summary>
    /// <param name="type">The error type.</param>
    /// <param name="message">The human-readable message.</param>
    /// <param name="dataJson">Compact JSON for <c>data</c>, or <see langword="null"/> to leave the key out.</param>
    public static byte[] OutcomeError(string type, string message, string? dataJson) =>
        WrappedError("{\"error\":"u8, type, message, dataJson, newline: false);

    /// <summary>
    /// Outcome: the daemon reported an error, passing its error object through exactly.
    /// <c>{"error":&lt;object&gt;}</c>, no newline.
    /// </summary>
    /// <param name="objectJson">The daemon's error object, compact JSON (<see cref="HarpdError.ObjectJson"/>).</param>
    public static byte[] OutcomeErrorRaw(ReadOnlySpan<byte> objectJson)
    {
        RequireJson(objectJson, nameof(objectJson));
        return Wrap("{\"error\":"u8, objectJson);
    }

    private const int MaxInt64Length = 20;

    private static ReadOnlySpan<byte> PacketPrefix => "{\"packet\":"u8;

    private static ReadOnlySpan<byte> DataKey => ",\"data\":"u8;

    private static ReadOnlySpan<byte> TimeKey => ",\"time\":"u8;

    private static ReadOnlySpan<byte> LineEnd => "}\n"u8;

    /// <summary>Formats the numbers into <paramref name="numbers"/> (n first, time at offset 20) and returns the line's exact length.</summary>
    private static int PacketLength(long n, ReadOnlySpan<byte> dataJson, long? time, Span<byte> numbers, out int nLength, out int timeLength)
    {
        n.TryFormat(numbers, out nLength, default, CultureInfo.InvariantCulture);
        timeLength = 0;
        int length = PacketPrefix.Length + nLength + DataKey.Length + dataJson.Length + LineEnd.Length;
        if (time is long t)
        {
            t.TryFormat(numbers[MaxInt64Length..], out timeLength, default, CultureInfo.InvariantCulture);
            length += TimeKey.Length + timeLength;
        }

        return length;
    }

    private static void WritePacket(Span<byte> target, ReadOnlySpan<byte> dataJson, bool hasTime, ReadOnlySpan<byte> nText, ReadOnlySpan<byte> timeText)
    {
        int at = 0;
        Put(target, ref at, PacketPrefix);
        Put(target, ref at, nText);
        Put(target, ref at, DataKey);
        Put(target, ref at, dataJson);
        if (hasTime)
        {
            Put(target, ref at, TimeKey);
            Put(target, ref at, timeText);
        }

        Put(target, ref at, LineEnd);
    }

    private static void Put(Span<byte> target, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(target[at..]);
        at += bytes.Length;
    }

    /// <summary><paramref name="prefix"/> + <paramref name="json"/> + <c>}</c>, exactly sized.</summary>
    private static byte[] Wrap(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> json)
    {
        byte[] line = new byte[prefix.Length + json.Length + 1];
        prefix.CopyTo(line);
        json.CopyTo(line.AsSpan(prefix.Length));
        line[^1] = (byte)'}';
        return line;
    }

    /// <summary><paramref name="prefix"/> + <c>{"type":T,"message":M[,"data":D]}</c> + <c>}</c>, with or without the newline.</summary>
    private static byte[] WrappedError(ReadOnlySpan<byte> prefix, string type, string message, string? dataJson, bool newline)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(message);
        if (dataJson is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(dataJson);
        }

        var line = new Utf8LineBuilder(stackalloc byte[256]);
        try
        {
            line.Append(prefix);
            line.Append("{\"type\":"u8);
            line.AppendJsonString(type);
            line.Append(",\"message\":"u8);
            line.AppendJsonString(message);
            if (dataJson is not null)
            {
                line.Append(",\"data\":"u8);
                line.AppendRawJson(dataJson);
            }

            line.Append(newline ? "}}\n"u8 : "}}"u8);
            return line.ToArray();
        }
        finally
        {
            line.Dispose();
        }
    }

    private static void AppendTimeOrNull(ref Utf8LineBuilder line, long? time)
    {
        if (time is long t)
        {
            line.AppendInt64(t);
        }
        else
        {
            line.Append("null"u8);
        }
    }

    private static void RequireJson(ReadOnlySpan<byte> json, string name)
    {
        // A cheap guard against the one mistake that would put a broken line on the wire silently.
        if (json.IsEmpty)
        {
            throw new ArgumentException("JSON text must not be empty", name);
        }
    }
}
