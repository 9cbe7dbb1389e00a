using System.Text.Json;

namespace HarpCaller.Client.Internal;

/// <summary>
/// Parses reply lines (spec 1.3-1.8). Pure: one line in, a value out, or a
/// <see cref="HarpCallerException"/> with <see cref="HarpCallerFailure.MalformedReply"/> (or
/// <see cref="HarpCallerFailure.DispatcherError"/> for error objects where no outcome is expected).
/// Unknown keys are ignored, as the spec asks of clients.
/// </summary>
internal static class ReplyParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = JsonLimits.MaxDepth };

    /// <summary>A call's reply: <c>{"harpcaller":1,"job_id":ID}</c>; returns the id.</summary>
    public static string ParseSubmit(ReadOnlyMemory<byte> line)
    {
        var root = ParseObject(line);
        if (root.TryGetProperty("job_id", out var id))
        {
            return id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text
                ? text
                : throw Malformed("job_id is not a non-empty string", line);
        }

        throw DispatcherErrorOrMalformed(root, line, "a call reply has neither job_id nor error");
    }

    /// <summary>A cancel reply: <c>{"cancelled":true|false}</c>.</summary>
    public static bool ParseCancel(ReadOnlyMemory<byte> line)
    {
        var root = ParseObject(line);
        if (root.TryGetProperty("cancelled", out var cancelled))
        {
            return cancelled.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Malformed("cancelled is not a boolean", line),
            };
        }

        throw DispatcherErrorOrMalformed(root, line, "a cancel reply has neither cancelled nor error");
    }

    /// <summary>A status reply: <c>{"call":{...},"time":{...},"info":I}</c>.</summary>
    public static JobStatus ParseStatus(ReadOnlyMemory<byte> line)
    {
        var root = ParseObject(line);
        if (!root.TryGetProperty("call", out var call))
        {
            throw DispatcherErrorOrMalformed(root, line, "a status reply has neither call nor error");
        }

        if (call.ValueKind != JsonValueKind.Object
            || !TryGetString(call, "host", out var host)
            || !TryGetString(call, "procedure", out var procedure)
            || !call.TryGetProperty("arguments", out var arguments))
        {
            throw Malformed("call needs string host, string procedure and arguments", line);
        }

        if (!root.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("a status reply needs a time object", line);
        }

        var submit = ReadTime(time, "submit", line) ?? throw Malformed("time.submit is null", line);
        var start = ReadTime(time, "start", line);
        var end = ReadTime(time, "end", line);

        if (!root.TryGetProperty("info", out var info))
        {
            throw Malformed("a status reply needs info", line);
        }

        return new JobStatus(host, procedure, arguments, submit, start, end, info);
    }

    /// <summary>
    /// A result reply or a stream's terminal line, recognised in the original client's order:
    /// no_result, continue, cancelled, result, exception, error.
    /// </summary>
    public static JobOutcome ParseOutcome(ReadOnlyMemory<byte> line) => ParseOutcome(ParseObject(line), line);

    /// <summary>A stream line: a packet when it has a <c>packet</c> key, otherwise the terminal outcome.</summary>
    public static StreamItem ParseStreamLine(ReadOnlyMemory<byte> line)
    {
        var root = ParseObject(line);
        if (!root.TryGetProperty("packet", out var packet))
        {
            return new StreamEnd(ParseOutcome(root, line));
        }

        if (packet.ValueKind != JsonValueKind.Number || !packet.TryGetInt64(out var index) || index < 0)
        {
            throw Malformed("packet is not a non-negative integer", line);
        }

        if (!root.TryGetProperty("data", out var data))
        {
            throw Malformed("a packet line has no data", line);
        }

        // time is informative only: a form we cannot read is ignored rather than failing the stream.
        DateTimeOffset? received = null;
        if (root.TryGetProperty("time", out var time) && TryReadUnixTime(time, out var value))
        {
            received = value;
        }

        return new StreamPacket(index, data, received);
    }

    private static JobOutcome ParseOutcome(JsonElement root, ReadOnlyMemory<byte> line)
    {
        if (IsTrue(root, "no_result"))
        {
            return NoResultOutcome.Instance;
        }

        if (IsTrue(root, "continue"))
        {
            return ContinueOutcome.Instance;
        }

        if (IsTrue(root, "cancelled"))
        {
            return CancelledOutcome.Instance;
        }

        if (root.TryGetProperty("result", out var result))
        {
            return new ResultOutcome(result);
        }

        if (TryReadFailure(root, "exception", out var type, out var message, out var data))
        {
            return new ExceptionOutcome(type, message, data);
        }

        if (TryReadFailure(root, "error", out type, out message, out data))
        {
            return new ErrorOutcome(type, message, data);
        }

        throw Malformed("not a result, exception, error, cancelled, no_result or continue reply", line);
    }

    private static JsonElement ParseObject(ReadOnlyMemory<byte> line)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line, DocumentOptions);

            // Clone detaches the value from the pooled buffers of the document (and from the line,
            // which the caller reuses), so outcome values stay valid after this returns.
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Malformed("not JSON (" + e.Message + ")", line, e);
        }

        return root.ValueKind == JsonValueKind.Object ? root : throw Malformed("not a JSON object", line);
    }

    private static Exception DispatcherErrorOrMalformed(JsonElement root, ReadOnlyMemory<byte> line, string otherwise)
    {
        if (TryReadFailure(root, "error", out var type, out var message, out var data))
        {
            return new HarpCallerException(type, message, data);
        }

        return Malformed(otherwise, line);
    }

    private static bool TryReadFailure(JsonElement root, string key, out string type, out string message, out JsonElement? data)
    {
        type = message = string.Empty;
        data = null;
        if (!root.TryGetProperty(key, out var failure)
            || failure.ValueKind != JsonValueKind.Object
            || !TryGetString(failure, "type", out type)
            || !TryGetString(failure, "message", out message))
        {
            return false;
        }

        if (failure.TryGetProperty("data", out var value))
        {
            data = value;
        }

        return true;
    }

    private static DateTimeOffset? ReadTime(JsonElement time, string key, ReadOnlyMemory<byte> line)
    {
        if (!time.TryGetProperty(key, out var value))
        {
            throw Malformed($"time.{key} is missing", line);
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return TryReadUnixTime(value, out var result) ? result : throw Malformed($"time.{key} is not a Unix time", line);
    }

    private static bool TryReadUnixTime(JsonElement value, out DateTimeOffset time)
    {
        time = default;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        try
        {
            if (value.TryGetInt64(out var seconds))
            {
                time = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            }

            if (value.TryGetDouble(out var fractional) && double.IsFinite(fractional))
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds(checked((long)Math.Round(fractional * 1000)));
                return true;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Out of DateTimeOffset's range: not a time this client can represent.
        }

        return false;
    }

    private static bool IsTrue(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.True;

    private static bool TryGetString(JsonElement obj, string key, out string value)
    {
        if (obj.TryGetProperty(key, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static HarpCallerException Malformed(string what, ReadOnlyMemory<byte> line, Exception? inner = null) =>
        new(HarpCallerFailure.MalformedReply, $"Malformed reply from the dispatcher: {what}: {Excerpt(line.Span)}", inner);

    /// <summary>The start of the offending line, so the message identifies it without dumping megabytes.</summary>
    internal static string Excerpt(ReadOnlySpan<byte> line)
    {
        const int MaxBytes = 200;
        var text = System.Text.Encoding.UTF8.GetString(line.Length > MaxBytes ? line[..MaxBytes] : line);
        return line.Length > MaxBytes ? text + "..." : text;
    }
}
