using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using HarpCaller.Protocol.Internal;

namespace HarpCaller.Protocol;

/// <summary>
/// Parses a client's request line (spec 1.2–1.9).
/// </summary>
public static class ClientRequestParser
{
    /// <summary>Lines up to this size use stack memory for the scratch buffer: every non-call request fits.</summary>
    private const int StackScratch = 512;

    private static readonly int s_callKeys = ClientKeys.Bit(ClientKey.Host) | ClientKeys.Bit(ClientKey.Procedure)
        | ClientKeys.Bit(ClientKey.Arguments) | ClientKeys.Bit(ClientKey.Timeout) | ClientKeys.Bit(ClientKey.MaxExecTime)
        | ClientKeys.Bit(ClientKey.Queue) | ClientKeys.Bit(ClientKey.Info);

    private static readonly int s_streamOptions = ClientKeys.Bit(ClientKey.Since) | ClientKeys.Bit(ClientKey.Recent);

    /// <summary>
    /// Parses one request line.
    /// </summary>
    /// <remarks>
    /// Accepts any key order, any insignificant whitespace, <c>\uXXXX</c> escapes (including surrogate pairs)
    /// and raw UTF-8. Values pass through exactly as written. Unknown and repeated keys are rejected, as is
    /// <c>harpcaller</c> written as anything but the integer <c>1</c>.
    /// </remarks>
    /// <param name="line">The request line without its <c>\n</c>; a trailing <c>\r</c> is allowed.</param>
    /// <returns>One of <see cref="CallRequest"/>, <see cref="CancelRequest"/>, <see cref="GetResultRequest"/>,
    /// <see cref="GetStatusRequest"/>, <see cref="FollowStreamRequest"/>, <see cref="ReadStreamRequest"/>.</returns>
    /// <exception cref="ProtocolException">
    /// <c>parse_error</c> when the line is not JSON (or not UTF-8, or nested deeper than 512 levels);
    /// <c>invalid_request</c>, naming the offending key, when it is JSON but not a valid request.
    /// </exception>
    public static ClientRequest Parse(ReadOnlySpan<byte> line)
    {
        if (!Utf8.IsValid(line))
        {
            // The JSON reader does not check UTF-8 inside strings, so this is the only guard.
            throw new ProtocolException(ErrorTypes.ParseError, "request is not valid UTF-8");
        }

        byte[]? rented = null;
        Span<byte> scratch = line.Length <= StackScratch
            ? stackalloc byte[StackScratch]
            : (rented = ArrayPool<byte>.Shared.Rent(line.Length));
        try
        {
            ClientSlots slots = default;
            string? problem;
            try
            {
                problem = TopLevelReader.Read<ClientKeys>(line, scratch, slots, "request");
            }
            catch (JsonException e)
            {
                throw new ProtocolException(ErrorTypes.ParseError, "request is not valid JSON: " + MessageText.Bound(e.Message));
            }

            if (problem is not null)
            {
                throw Invalid(problem);
            }

            return Interpret(scratch, slots);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ClientRequest Interpret(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots)
    {
        ValueSlot version = slots[(int)ClientKey.Harpcaller];
        if (!version.IsPresent)
        {
            throw Invalid("missing key 'harpcaller'");
        }

        // Only the integer as every client writes it: "1.0" or "1e0" are not the protocol version.
        if (version.Type != JsonTokenType.Number || !version.Raw(scratch).SequenceEqual("1"u8))
        {
            throw Invalid("'harpcaller' must be the integer 1");
        }

        int present = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i].IsPresent)
            {
                present |= 1 << i;
            }
        }

        (ClientKey operation, string operationName) = FindOperation(present);
        int allowed = ClientKeys.Bit(ClientKey.Harpcaller) | operation switch
        {
            ClientKey.Host => s_callKeys,
            ClientKey.GetResult => ClientKeys.Bit(ClientKey.GetResult) | ClientKeys.Bit(ClientKey.Wait),
            ClientKey.FollowStream or ClientKey.ReadStream => ClientKeys.Bit(operation) | s_streamOptions,
            _ => ClientKeys.Bit(operation),
        };
        int extra = present & ~allowed;
        if (extra != 0)
        {
            var key = (ClientKey)System.Numerics.BitOperations.TrailingZeroCount(extra);
            throw Invalid($"'{ClientKeys.Name(key)}' is not an option of {operationName}");
        }

        return operation switch
        {
            ClientKey.Host => ParseCall(scratch, slots),
            ClientKey.Cancel => new CancelRequest(JobId(scratch, slots, ClientKey.Cancel)),
            ClientKey.GetResult => new GetResultRequest(JobId(scratch, slots, ClientKey.GetResult), Wait(scratch, slots)),
            ClientKey.GetStatus => new GetStatusRequest(JobId(scratch, slots, ClientKey.GetStatus)),
            ClientKey.FollowStream => ParseStream(scratch, slots, ClientKey.FollowStream),
            _ => ParseStream(scratch, slots, ClientKey.ReadStream),
        };
    }

    /// <summary>Which single operation the request asks for; a call is named by <see cref="ClientKey.Host"/>.</summary>
    private static (ClientKey Operation, string Name) FindOperation(int present)
    {
        const string CallName = "a call";
        int callParts = ClientKeys.Bit(ClientKey.Host) | ClientKeys.Bit(ClientKey.Procedure) | ClientKeys.Bit(ClientKey.Arguments);
        ReadOnlySpan<ClientKey> others =
        [
            ClientKey.Cancel, ClientKey.GetResult, ClientKey.GetStatus, ClientKey.FollowStream, ClientKey.ReadStream,
        ];

        ClientKey operation = ClientKey.Unknown;
        int count = 0;
        if ((present & callParts) != 0)
        {
            operation = ClientKey.Host;
            count++;
        }

        foreach (ClientKey key in others)
        {
            if ((present & ClientKeys.Bit(key)) != 0)
            {
                operation = key;
                count++;
            }
        }

        if (count == 0)
        {
            throw Invalid("no operation: expected a call (host, procedure, arguments), cancel, get_result, get_status, follow_stream or read_stream");
        }

        if (count > 1)
        {
            // Only on this error path is the list of names built.
            var found = new List<string>(count);
            if ((present & callParts) != 0)
            {
                found.Add("call");
            }

            foreach (ClientKey key in others)
            {
                if ((present & ClientKeys.Bit(key)) != 0)
                {
                    found.Add(ClientKeys.Name(key));
                }
            }

            throw Invalid("more than one operation: " + string.Join(", ", found));
        }

        if (operation == ClientKey.Host)
        {
            foreach (ClientKey part in (ReadOnlySpan<ClientKey>)[ClientKey.Host, ClientKey.Procedure, ClientKey.Arguments])
            {
                if ((present & ClientKeys.Bit(part)) == 0)
                {
                    throw Invalid($"a call needs '{ClientKeys.Name(part)}'");
                }
            }

            return (operation, CallName);
        }

        return (operation, ClientKeys.Name(operation));
    }

    private static CallRequest ParseCall(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots)
    {
        string host = StrictString(scratch, slots, ClientKey.Host);
        string procedure = StrictString(scratch, slots, ClientKey.Procedure);

        ValueSlot arguments = slots[(int)ClientKey.Arguments];
        if (arguments.Type is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            throw Invalid("'arguments' must be a list or an object");
        }

        double? timeout = PositiveSeconds(scratch, slots, ClientKey.Timeout);
        double? maxExecTime = PositiveSeconds(scratch, slots, ClientKey.MaxExecTime);
        QueueSpec? queue = slots[(int)ClientKey.Queue].IsPresent ? ParseQueue(scratch, slots[(int)ClientKey.Queue]) : null;

        ValueSlot info = slots[(int)ClientKey.Info];
        string infoJson = info.IsPresent ? Encoding.UTF8.GetString(info.Raw(scratch)) : "null";

        return new CallRequest(
            host,
            procedure,
            Encoding.UTF8.GetString(arguments.Raw(scratch)),
            timeout,
            maxExecTime,
            queue,
            infoJson);
    }

    private static QueueSpec ParseQueue(ReadOnlySpan<byte> scratch, ValueSlot queueSlot)
    {
        if (queueSlot.Type != JsonTokenType.StartObject)
        {
            throw Invalid("'queue' must be an object");
        }

        // The slot holds compact, already validated JSON, so this reader cannot fail on syntax.
        var reader = new Utf8JsonReader(queueSlot.Raw(scratch), new JsonReaderOptions { MaxDepth = TopLevelReader.MaxDepth });
        reader.Read();
        int nameStart = -1;
        int nameEnd = -1;
        int concurrency = 1;
        bool sawConcurrency = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isName = PropertyNames.Is(ref reader, "name"u8);
            bool isConcurrency = !isName && PropertyNames.Is(ref reader, "concurrency"u8);
            if (!isName && !isConcurrency)
            {
                throw Invalid($"unknown key '{MessageText.QuoteRaw(reader.ValueSpan, reader.ValueIsEscaped)}' in 'queue'");
            }

            if ((isName && nameStart >= 0) || (isConcurrency && sawConcurrency))
            {
                throw Invalid($"duplicate key '{(isName ? "name" : "concurrency")}' in 'queue'");
            }

            reader.Read();
            if (isName)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Invalid("'queue' 'name' must be an object");
                }

                nameStart = (int)reader.TokenStartIndex;
                reader.Skip();
                nameEnd = (int)reader.BytesConsumed;
            }
            else
            {
                sawConcurrency = true;
                concurrency = Concurrency(ref reader);
            }
        }

        if (nameStart < 0)
        {
            throw Invalid("'queue' needs a 'name' object");
        }

        byte[] name = queueSlot.Raw(scratch)[nameStart..nameEnd].ToArray();
        using JsonDocument document = JsonDocument.Parse(name, new JsonDocumentOptions { MaxDepth = TopLevelReader.MaxDepth });
        return new QueueSpec(Encoding.UTF8.GetString(name), JsonText.CanonicalKey(document.RootElement), concurrency);
    }

    /// <summary>
    /// Spec 1.9: a value that is not a positive integer counts as 1 (it is not an error). A
    /// positive integer too large for an int is still one: no limit in practice, int.MaxValue.
    /// </summary>
    private static int Concurrency(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number
            && reader.ValueSpan.IndexOfAny(".eE-"u8) < 0
            && reader.ValueSpan.IndexOfAnyExcept((byte)'0') >= 0)
        {
            return int.TryParse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : int.MaxValue;
        }

        reader.Skip();
        return 1;
    }

    private static double? PositiveSeconds(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots, ClientKey key)
    {
        ValueSlot slot = slots[(int)key];
        if (!slot.IsPresent)
        {
            return null;
        }

        // JSON number syntax is a subset of what NumberStyles.Float accepts, so parsing cannot fail;
        // out-of-range magnitudes come back as infinity or zero rather than failing.
        if (slot.Type != JsonTokenType.Number
            || !double.TryParse(slot.Raw(scratch), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || !(seconds > 0))
        {
            throw Invalid($"'{ClientKeys.Name(key)}' must be a number greater than 0");
        }

        // Clamp rather than reject: "wait as long as you like" is a meaningful request.
        return double.IsPositiveInfinity(seconds) ? double.MaxValue : seconds;
    }

    private static ClientRequest ParseStream(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots, ClientKey operation)
    {
        string jobId = JobId(scratch, slots, operation);
        long? since = NonNegativeInteger(scratch, slots, ClientKey.Since);
        long? recent = NonNegativeInteger(scratch, slots, ClientKey.Recent);
        if (since is not null && recent is not null)
        {
            throw Invalid("'since' and 'recent' cannot be used together");
        }

        return operation == ClientKey.FollowStream
            ? new FollowStreamRequest(jobId, since, recent)
            : new ReadStreamRequest(jobId, since, recent);
    }

    private static long? NonNegativeInteger(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots, ClientKey key)
    {
        ValueSlot slot = slots[(int)key];
        if (!slot.IsPresent)
        {
            return null;
        }

        ReadOnlySpan<byte> text = slot.Raw(scratch);

        // An integer as written: a fraction or exponent is not one, even when its value is whole,
        // and a minus sign is only allowed on zero.
        if (slot.Type != JsonTokenType.Number || text.IndexOfAny(".eE"u8) >= 0)
        {
            throw Invalid($"'{ClientKeys.Name(key)}' must be a non-negative integer");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            return value >= 0 ? value : throw Invalid($"'{ClientKeys.Name(key)}' must be a non-negative integer");
        }

        if (text[0] == (byte)'-')
        {
            throw Invalid($"'{ClientKeys.Name(key)}' must be a non-negative integer");
        }

        // All digits but beyond long: past the end of any stream, so the largest long means the same.
        return long.MaxValue;
    }

    private static bool Wait(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots)
    {
        ValueSlot slot = slots[(int)ClientKey.Wait];
        return slot.Type switch
        {
            JsonTokenType.None => true, // spec 1.5 and section 6: absent means wait
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Invalid("'wait' must be true or false"),
        };
    }

    /// <summary>A job id: any JSON string (a lone surrogate escape included); the engine decides whether it names a job.</summary>
    private static string JobId(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots, ClientKey key)
    {
        ValueSlot slot = slots[(int)key];
        if (slot.Type != JsonTokenType.String)
        {
            throw Invalid($"'{ClientKeys.Name(key)}' must be a job id string");
        }

        return slot.DecodeString(scratch);
    }

    /// <summary>
    /// A host or procedure name: must be valid Unicode, because it is stored as text and shown in status
    /// replies and logs, where a lone surrogate would silently turn into U+FFFD and no longer match what
    /// the client sent.
    /// </summary>
    private static string StrictString(ReadOnlySpan<byte> scratch, ReadOnlySpan<ValueSlot> slots, ClientKey key)
    {
        ValueSlot slot = slots[(int)key];
        if (slot.Type != JsonTokenType.String)
        {
            throw Invalid($"'{ClientKeys.Name(key)}' must be a string");
        }

        string text = slot.DecodeString(scratch);
        if (slot.Escaped && JsonStringCodec.HasLoneSurrogate(text))
        {
            throw Invalid($"'{ClientKeys.Name(key)}' holds an unpaired surrogate escape");
        }

        return text;
    }

    private static ProtocolException Invalid(string message) => new(ErrorTypes.InvalidRequest, message);
}
