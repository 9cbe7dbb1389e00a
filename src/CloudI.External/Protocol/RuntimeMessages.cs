using System.Buffers;

namespace CloudI.External.Protocol;

/// <summary>
/// Encoders of the runtime→external messages (spec §5). Integers are little-endian (host order of x86-64
/// and arm64). Every method allocates at most the result array (or writes straight into the
/// <see cref="IBufferWriter{T}"/>); <c>framed: true</c> prepends the 4-byte big-endian length used by the
/// local/tcp protocols, so a whole frame can be sent with one call.
/// </summary>
public static partial class RuntimeMessages
{
    /// <summary>Length of a transaction id (a v1 UUID in big-endian byte order).</summary>
    public const int TransIdLength = 16;

    private static Span<byte> Begin(IBufferWriter<byte> writer, int length, bool framed, out int total)
    {
        ArgumentNullException.ThrowIfNull(writer);
        total = framed ? length + Framing.PrefixLength : length;
        Span<byte> span = writer.GetSpan(total)[..total];
        if (!framed)
            return span;
        Framing.WritePrefix(span, length);
        return span[Framing.PrefixLength..];
    }

    private static byte[] Allocate(int length, bool framed, out Span<byte> body)
    {
        if (!framed)
        {
            var plain = new byte[length];
            body = plain;
            return plain;
        }
        var result = new byte[length + Framing.PrefixLength];
        Framing.WritePrefix(result, length);
        body = result.AsSpan(Framing.PrefixLength);
        return result;
    }

    private static void CheckTransId(ReadOnlySpan<byte> transId, string name)
    {
        if (transId.Length != TransIdLength)
            throw new ArgumentException("a transaction id is exactly 16 bytes", name);
    }

    private static int StrLength(int length) => checked(4 + length + 1);

    // ---- INIT -------------------------------------------------------------------------------------

    /// <summary>Size of the INIT message (2.0.x: 46 + prefix + 1; 1.5.3: 42 + prefix + 1).</summary>
    public static int InitLength(in InitParameters parameters, WireFlavor flavor) =>
        checked((flavor == WireFlavor.Version20 ? 46 : 42) + parameters.Prefix.Length + 1);

    /// <summary>Encodes INIT, the reply to <c>init</c>, in the layout of <paramref name="flavor"/>.</summary>
    public static byte[] Init(in InitParameters parameters, WireFlavor flavor, bool framed = false)
    {
        byte[] result = Allocate(InitLength(parameters, flavor), framed, out Span<byte> body);
        FillInit(body, parameters, flavor);
        return result;
    }

    /// <summary>Writes INIT into <paramref name="writer"/>.</summary>
    public static void WriteInit(IBufferWriter<byte> writer, in InitParameters parameters, WireFlavor flavor, bool framed = false)
    {
        Span<byte> body = Begin(writer, InitLength(parameters, flavor), framed, out int total);
        FillInit(body, parameters, flavor);
        writer.Advance(total);
    }

    private static void FillInit(Span<byte> body, in InitParameters p, WireFlavor flavor)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)RuntimeMessageCode.Init);
        w.U32(p.ProcessIndex);
        w.U32(p.ProcessCount);
        w.U32(p.ProcessCountMax);
        w.U32(p.ProcessCountMin);
        w.Str(p.Prefix.Span);
        w.U32(p.TimeoutInitialize);
        w.U32(p.TimeoutAsync);
        w.U32(p.TimeoutSync);
        if (flavor == WireFlavor.Version20)
        {
            w.U32(p.TimeoutTerminate > 500 ? p.TimeoutTerminate - 500 : 0);
            w.I8(p.PriorityDefault);
            w.U8(p.FatalExceptions ? (byte)1 : (byte)0);
            w.I32(-1); // bind: the 2.0.x Python library rejects bind >= 0
        }
        else
        {
            w.U32(p.TimeoutTerminate);
            w.I8(p.PriorityDefault);
            w.U8(p.RequestTimeoutAdjustment ? (byte)1 : (byte)0);
        }
    }

    // ---- SEND_ASYNC / SEND_SYNC -------------------------------------------------------------------

    /// <summary>Size of SEND_ASYNC/SEND_SYNC for the given field sizes and an encoded Source of <paramref name="sourceLength"/> bytes.</summary>
    public static int SendLength(int nameLength, int patternLength, int requestInfoLength, int requestLength, int sourceLength) =>
        checked(4 + StrLength(nameLength) + StrLength(patternLength) + StrLength(requestInfoLength) +
                StrLength(requestLength) + 4 + 1 + TransIdLength + 4 + sourceLength);

    /// <summary>Encodes SEND_ASYNC (an incoming asynchronous request) with <paramref name="source"/> as PID_EXT.</summary>
    public static byte[] SendAsync(ReadOnlySpan<byte> name, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> requestInfo,
        ReadOnlySpan<byte> request, uint timeout, sbyte priority, ReadOnlySpan<byte> transId, in ExternalPid source,
        bool framed = false) =>
        Send(false, name, pattern, requestInfo, request, timeout, priority, transId, source, framed);

    /// <summary>Encodes SEND_SYNC (an incoming synchronous request) with <paramref name="source"/> as PID_EXT.</summary>
    public static byte[] SendSync(ReadOnlySpan<byte> name, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> requestInfo,
        ReadOnlySpan<byte> request, uint timeout, sbyte priority, ReadOnlySpan<byte> transId, in ExternalPid source,
        bool framed = false) =>
        Send(true, name, pattern, requestInfo, request, timeout, priority, transId, source, framed);

    /// <summary>Encodes SEND_SYNC (<paramref name="synchronous"/>) or SEND_ASYNC with <paramref name="source"/> as PID_EXT.</summary>
    public static byte[] Send(bool synchronous, ReadOnlySpan<byte> name, ReadOnlySpan<byte> pattern,
        ReadOnlySpan<byte> requestInfo, ReadOnlySpan<byte> request, uint timeout, sbyte priority,
        ReadOnlySpan<byte> transId, in ExternalPid source, bool framed = false)
    {
        CheckTransId(transId, nameof(transId));
        int sourceLength = source.EncodedLength;
        int length = SendLength(name.Length, pattern.Length, requestInfo.Length, request.Length, sourceLength);
        byte[] result = Allocate(length, framed, out Span<byte> body);
        int at = FillSendHead(body, synchronous, name, pattern, requestInfo, request, timeout, priority, transId, sourceLength);
        source.EncodeTo(body[at..]);
        return result;
    }

    /// <summary>Encodes SEND_SYNC/SEND_ASYNC with an already encoded Source term (including its 131 byte).</summary>
    public static byte[] Send(bool synchronous, ReadOnlySpan<byte> name, ReadOnlySpan<byte> pattern,
        ReadOnlySpan<byte> requestInfo, ReadOnlySpan<byte> request, uint timeout, sbyte priority,
        ReadOnlySpan<byte> transId, ReadOnlySpan<byte> sourceTerm, bool framed = false)
    {
        CheckTransId(transId, nameof(transId));
        int length = SendLength(name.Length, pattern.Length, requestInfo.Length, request.Length, sourceTerm.Length);
        byte[] result = Allocate(length, framed, out Span<byte> body);
        int at = FillSendHead(body, synchronous, name, pattern, requestInfo, request, timeout, priority, transId, sourceTerm.Length);
        sourceTerm.CopyTo(body[at..]);
        return result;
    }

    /// <summary>Writes SEND_SYNC/SEND_ASYNC into <paramref name="writer"/> with <paramref name="source"/> as PID_EXT.</summary>
    public static void WriteSend(IBufferWriter<byte> writer, bool synchronous, ReadOnlySpan<byte> name,
        ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> requestInfo, ReadOnlySpan<byte> request, uint timeout,
        sbyte priority, ReadOnlySpan<byte> transId, in ExternalPid source, bool framed = false)
    {
        CheckTransId(transId, nameof(transId));
        int sourceLength = source.EncodedLength;
        int length = SendLength(name.Length, pattern.Length, requestInfo.Length, request.Length, sourceLength);
        Span<byte> body = Begin(writer, length, framed, out int total);
        int at = FillSendHead(body, synchronous, name, pattern, requestInfo, request, timeout, priority, transId, sourceLength);
        source.EncodeTo(body[at..]);
        writer.Advance(total);
    }

    /// <summary>Writes SEND_SYNC/SEND_ASYNC into <paramref name="writer"/> with an already encoded Source term.</summary>
    public static void WriteSend(IBufferWriter<byte> writer, bool synchronous, ReadOnlySpan<byte> name,
        ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> requestInfo, ReadOnlySpan<byte> request, uint timeout,
        sbyte priority, ReadOnlySpan<byte> transId, ReadOnlySpan<byte> sourceTerm, bool framed = false)
    {
        CheckTransId(transId, nameof(transId));
        int length = SendLength(name.Length, pattern.Length, requestInfo.Length, request.Length, sourceTerm.Length);
        Span<byte> body = Begin(writer, length, framed, out int total);
        int at = FillSendHead(body, synchronous, name, pattern, requestInfo, request, timeout, priority, transId, sourceTerm.Length);
        sourceTerm.CopyTo(body[at..]);
        writer.Advance(total);
    }

    private static int FillSendHead(Span<byte> body, bool synchronous, ReadOnlySpan<byte> name,
        ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> requestInfo, ReadOnlySpan<byte> request, uint timeout,
        sbyte priority, ReadOnlySpan<byte> transId, int sourceLength)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)(synchronous ? RuntimeMessageCode.SendSync : RuntimeMessageCode.SendAsync));
        w.Str(name);
        w.Str(pattern);
        w.Bin(requestInfo);
        w.Bin(request);
        w.U32(timeout);
        w.I8(priority);
        w.Raw(transId);
        w.U32((uint)sourceLength);
        return w.Position;
    }
}
