using System.Buffers;

namespace CloudI.External.Protocol;

public static partial class RuntimeMessages
{
    // ---- RECV_ASYNC / RETURN_SYNC (same layout, different code) ------------------------------------

    /// <summary>Size of RECV_ASYNC/RETURN_SYNC: 30 + response_info + response.</summary>
    public static int ResponseLength(int responseInfoLength, int responseLength) =>
        checked(4 + 4 + responseInfoLength + 1 + 4 + responseLength + 1 + TransIdLength);

    /// <summary>Encodes RECV_ASYNC; the timeout form is empty/empty with the asked TransId.</summary>
    public static byte[] RecvAsync(ReadOnlySpan<byte> responseInfo, ReadOnlySpan<byte> response,
        ReadOnlySpan<byte> transId, bool framed = false) =>
        Response(RuntimeMessageCode.RecvAsync, responseInfo, response, transId, framed);

    /// <summary>Writes RECV_ASYNC into <paramref name="writer"/>.</summary>
    public static void WriteRecvAsync(IBufferWriter<byte> writer, ReadOnlySpan<byte> responseInfo,
        ReadOnlySpan<byte> response, ReadOnlySpan<byte> transId, bool framed = false) =>
        WriteResponse(writer, RuntimeMessageCode.RecvAsync, responseInfo, response, transId, framed);

    /// <summary>
    /// Encodes RETURN_SYNC. Timeout/null response: empty/empty with the request's TransId; no destination,
    /// ACL denied or lookup gave up: empty/empty with an all-zero TransId.
    /// </summary>
    public static byte[] ReturnSync(ReadOnlySpan<byte> responseInfo, ReadOnlySpan<byte> response,
        ReadOnlySpan<byte> transId, bool framed = false) =>
        Response(RuntimeMessageCode.ReturnSync, responseInfo, response, transId, framed);

    /// <summary>Writes RETURN_SYNC into <paramref name="writer"/>.</summary>
    public static void WriteReturnSync(IBufferWriter<byte> writer, ReadOnlySpan<byte> responseInfo,
        ReadOnlySpan<byte> response, ReadOnlySpan<byte> transId, bool framed = false) =>
        WriteResponse(writer, RuntimeMessageCode.ReturnSync, responseInfo, response, transId, framed);

    private static byte[] Response(RuntimeMessageCode code, ReadOnlySpan<byte> responseInfo,
        ReadOnlySpan<byte> response, ReadOnlySpan<byte> transId, bool framed)
    {
        CheckTransId(transId, nameof(transId));
        byte[] result = Allocate(ResponseLength(responseInfo.Length, response.Length), framed, out Span<byte> body);
        FillResponse(body, code, responseInfo, response, transId);
        return result;
    }

    private static void WriteResponse(IBufferWriter<byte> writer, RuntimeMessageCode code,
        ReadOnlySpan<byte> responseInfo, ReadOnlySpan<byte> response, ReadOnlySpan<byte> transId, bool framed)
    {
        CheckTransId(transId, nameof(transId));
        Span<byte> body = Begin(writer, ResponseLength(responseInfo.Length, response.Length), framed, out int total);
        FillResponse(body, code, responseInfo, response, transId);
        writer.Advance(total);
    }

    private static void FillResponse(Span<byte> body, RuntimeMessageCode code, ReadOnlySpan<byte> responseInfo,
        ReadOnlySpan<byte> response, ReadOnlySpan<byte> transId)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)code);
        w.Bin(responseInfo);
        w.Bin(response);
        w.Raw(transId);
    }

    // ---- RETURN_ASYNC -----------------------------------------------------------------------------

    /// <summary>Encodes RETURN_ASYNC (20 bytes); an all-zero TransId means no destination / denied.</summary>
    public static byte[] ReturnAsync(ReadOnlySpan<byte> transId, bool framed = false)
    {
        CheckTransId(transId, nameof(transId));
        byte[] result = Allocate(4 + TransIdLength, framed, out Span<byte> body);
        FillReturnAsync(body, transId);
        return result;
    }

    /// <summary>Writes RETURN_ASYNC into <paramref name="writer"/>.</summary>
    public static void WriteReturnAsync(IBufferWriter<byte> writer, ReadOnlySpan<byte> transId, bool framed = false)
    {
        CheckTransId(transId, nameof(transId));
        Span<byte> body = Begin(writer, 4 + TransIdLength, framed, out int total);
        FillReturnAsync(body, transId);
        writer.Advance(total);
    }

    private static void FillReturnAsync(Span<byte> body, ReadOnlySpan<byte> transId)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)RuntimeMessageCode.ReturnAsync);
        w.Raw(transId);
    }

    // ---- RETURNS_ASYNC ----------------------------------------------------------------------------

    /// <summary>
    /// Encodes RETURNS_ASYNC from <paramref name="transIds"/>, the concatenated 16-byte TransIds in destination
    /// order (empty = count 0 = no destination / denied).
    /// </summary>
    public static byte[] ReturnsAsync(ReadOnlySpan<byte> transIds, bool framed = false)
    {
        int count = CheckTransIds(transIds);
        byte[] result = Allocate(8 + transIds.Length, framed, out Span<byte> body);
        FillReturnsAsync(body, count, transIds);
        return result;
    }

    /// <summary>Writes RETURNS_ASYNC into <paramref name="writer"/> (see <see cref="ReturnsAsync(ReadOnlySpan{byte}, bool)"/>).</summary>
    public static void WriteReturnsAsync(IBufferWriter<byte> writer, ReadOnlySpan<byte> transIds, bool framed = false)
    {
        int count = CheckTransIds(transIds);
        Span<byte> body = Begin(writer, 8 + transIds.Length, framed, out int total);
        FillReturnsAsync(body, count, transIds);
        writer.Advance(total);
    }

    /// <summary>Encodes RETURNS_ASYNC from separate 16-byte TransIds, in destination order.</summary>
    public static byte[] ReturnsAsync(IReadOnlyList<ReadOnlyMemory<byte>> transIds, bool framed = false)
    {
        ArgumentNullException.ThrowIfNull(transIds);
        int count = transIds.Count;
        byte[] result = Allocate(checked(8 + count * TransIdLength), framed, out Span<byte> body);
        var w = new MessageSpanWriter(body);
        w.U32((uint)RuntimeMessageCode.ReturnsAsync);
        w.U32((uint)count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> transId = transIds[i].Span;
            CheckTransId(transId, nameof(transIds));
            w.Raw(transId);
        }
        return result;
    }

    private static int CheckTransIds(ReadOnlySpan<byte> transIds)
    {
        if (transIds.Length % TransIdLength != 0)
            throw new ArgumentException("concatenated transaction ids must be a multiple of 16 bytes", nameof(transIds));
        return transIds.Length / TransIdLength;
    }

    private static void FillReturnsAsync(Span<byte> body, int count, ReadOnlySpan<byte> transIds)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)RuntimeMessageCode.ReturnsAsync);
        w.U32((uint)count);
        w.Raw(transIds);
    }

    // ---- KEEPALIVE / TERM / SUBSCRIBE_COUNT / REINIT ------------------------------------------------

    /// <summary>Encodes KEEPALIVE (udp liveness probe, 4 bytes).</summary>
    public static byte[] Keepalive(bool framed = false) => CodeOnly(RuntimeMessageCode.Keepalive, framed);

    /// <summary>Writes KEEPALIVE into <paramref name="writer"/>.</summary>
    public static void WriteKeepalive(IBufferWriter<byte> writer, bool framed = false) =>
        WriteCodeOnly(writer, RuntimeMessageCode.Keepalive, framed);

    /// <summary>Encodes TERM (stop request, 4 bytes).</summary>
    public static byte[] Term(bool framed = false) => CodeOnly(RuntimeMessageCode.Term, framed);

    /// <summary>Writes TERM into <paramref name="writer"/>.</summary>
    public static void WriteTerm(IBufferWriter<byte> writer, bool framed = false) =>
        WriteCodeOnly(writer, RuntimeMessageCode.Term, framed);

    private static byte[] CodeOnly(RuntimeMessageCode code, bool framed)
    {
        byte[] result = Allocate(4, framed, out Span<byte> body);
        new MessageSpanWriter(body).U32((uint)code);
        return result;
    }

    private static void WriteCodeOnly(IBufferWriter<byte> writer, RuntimeMessageCode code, bool framed)
    {
        Span<byte> body = Begin(writer, 4, framed, out int total);
        new MessageSpanWriter(body).U32((uint)code);
        writer.Advance(total);
    }

    /// <summary>Encodes SUBSCRIBE_COUNT, the reply to <c>subscribe_count</c> (8 bytes).</summary>
    public static byte[] SubscribeCount(uint count, bool framed = false)
    {
        byte[] result = Allocate(8, framed, out Span<byte> body);
        FillSubscribeCount(body, count);
        return result;
    }

    /// <summary>Writes SUBSCRIBE_COUNT into <paramref name="writer"/>.</summary>
    public static void WriteSubscribeCount(IBufferWriter<byte> writer, uint count, bool framed = false)
    {
        Span<byte> body = Begin(writer, 8, framed, out int total);
        FillSubscribeCount(body, count);
        writer.Advance(total);
    }

    private static void FillSubscribeCount(Span<byte> body, uint count)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)RuntimeMessageCode.SubscribeCount);
        w.U32(count);
    }

    /// <summary>Size of REINIT: 18 bytes (2.0.x) or 8 bytes (1.5.3, process count only).</summary>
    public static int ReinitLength(WireFlavor flavor) => flavor == WireFlavor.Version20 ? 18 : 8;

    /// <summary>
    /// Encodes REINIT. The 1.5.3 layout carries only <paramref name="processCount"/>; the other values are
    /// ignored for it. (Avoid sending REINIT to 1.5.3 Python services over streams, spec §6.8.)
    /// </summary>
    public static byte[] Reinit(WireFlavor flavor, uint processCount, uint timeoutAsync, uint timeoutSync,
        sbyte priorityDefault, bool fatalExceptions, bool framed = false)
    {
        byte[] result = Allocate(ReinitLength(flavor), framed, out Span<byte> body);
        FillReinit(body, flavor, processCount, timeoutAsync, timeoutSync, priorityDefault, fatalExceptions);
        return result;
    }

    /// <summary>Writes REINIT into <paramref name="writer"/>.</summary>
    public static void WriteReinit(IBufferWriter<byte> writer, WireFlavor flavor, uint processCount, uint timeoutAsync,
        uint timeoutSync, sbyte priorityDefault, bool fatalExceptions, bool framed = false)
    {
        Span<byte> body = Begin(writer, ReinitLength(flavor), framed, out int total);
        FillReinit(body, flavor, processCount, timeoutAsync, timeoutSync, priorityDefault, fatalExceptions);
        writer.Advance(total);
    }

    private static void FillReinit(Span<byte> body, WireFlavor flavor, uint processCount, uint timeoutAsync,
        uint timeoutSync, sbyte priorityDefault, bool fatalExceptions)
    {
        var w = new MessageSpanWriter(body);
        w.U32((uint)RuntimeMessageCode.Reinit);
        w.U32(processCount);
        if (flavor != WireFlavor.Version20)
            return;
        w.U32(timeoutAsync);
        w.U32(timeoutSync);
        w.I8(priorityDefault);
        w.U8(fatalExceptions ? (byte)1 : (byte)0);
    }
}
