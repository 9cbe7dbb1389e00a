using CloudI.Api.Internal;

namespace CloudI.Api;

public sealed partial class CloudIApi
{
    /// <summary>
    /// Sends a request to one subscriber of <paramref name="name"/> and returns its TransId for
    /// <see cref="RecvAsync"/>; the null TransId when no destination was found in time. Blocks while
    /// the runtime looks the name up (requests for this thread are served meanwhile).
    /// </summary>
    /// <param name="name">The full service name (the prefix is not added).</param>
    /// <param name="request">The request body.</param>
    /// <param name="timeout">ms; default <see cref="TimeoutAsync"/>.</param>
    /// <param name="requestInfo">The request's metadata.</param>
    /// <param name="priority">Default <see cref="PriorityDefault"/>.</param>
    public TransId SendAsync(string name, ReadOnlyMemory<byte> request, uint? timeout = null,
        ReadOnlyMemory<byte> requestInfo = default, sbyte? priority = null)
    {
        WriteSend(Atoms.SendAsync, name, requestInfo, request, timeout ?? TimeoutAsync, priority);
        Send(_writer);
        MessageReader reader = WaitForReply(MessageCode.ReturnAsync);
        TransId transId = reader.TransId();
        FinishReply(reader);
        return transId;
    }

    /// <summary>
    /// Sends a request to one subscriber of <paramref name="name"/> and waits for the response.
    /// A timeout or null response gives empty info and response with the request's TransId; no
    /// destination gives the null TransId. Requests for this thread are served while it waits.
    /// </summary>
    /// <param name="name">The full service name (the prefix is not added).</param>
    /// <param name="request">The request body.</param>
    /// <param name="timeout">ms; default <see cref="TimeoutSync"/>.</param>
    /// <param name="requestInfo">The request's metadata.</param>
    /// <param name="priority">Default <see cref="PriorityDefault"/>.</param>
    public CloudIResponse SendSync(string name, ReadOnlyMemory<byte> request, uint? timeout = null,
        ReadOnlyMemory<byte> requestInfo = default, sbyte? priority = null)
    {
        WriteSend(Atoms.SendSync, name, requestInfo, request, timeout ?? TimeoutSync, priority);
        Send(_writer);
        return ReadResponse(WaitForReply(MessageCode.ReturnSync));
    }

    /// <summary>
    /// Sends the request to every subscriber of the pattern <paramref name="name"/> matches
    /// (this thread excluded) and returns their TransIds in order; empty when none was found.
    /// </summary>
    /// <param name="name">The full service name (the prefix is not added).</param>
    /// <param name="request">The request body.</param>
    /// <param name="timeout">ms; default <see cref="TimeoutAsync"/>.</param>
    /// <param name="requestInfo">The request's metadata.</param>
    /// <param name="priority">Default <see cref="PriorityDefault"/>.</param>
    public IReadOnlyList<TransId> McastAsync(string name, ReadOnlyMemory<byte> request, uint? timeout = null,
        ReadOnlyMemory<byte> requestInfo = default, sbyte? priority = null)
    {
        WriteSend(Atoms.McastAsync, name, requestInfo, request, timeout ?? TimeoutAsync, priority);
        Send(_writer);
        MessageReader reader = WaitForReply(MessageCode.ReturnsAsync);
        uint count = reader.U32();
        if (count > (uint)reader.Remaining / 16)
        {
            throw new CloudIMessageDecodingException("truncated RETURNS_ASYNC");
        }

        var ids = new TransId[count];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = reader.TransId();
        }

        FinishReply(reader);
        return ids;
    }

    /// <summary>
    /// Receives the response of an earlier <see cref="SendAsync"/>/<see cref="McastAsync"/>
    /// (<paramref name="transId"/>; null = the oldest stored one), waiting up to
    /// <paramref name="timeout"/> ms (default <see cref="TimeoutSync"/>). Nothing in time gives
    /// empty info and response; <paramref name="consume"/> false leaves the response stored.
    /// </summary>
    public CloudIResponse RecvAsync(uint? timeout = null, TransId transId = default, bool consume = true)
    {
        Span<byte> id = stackalloc byte[16];
        transId.WriteTo(id);
        _writer.Start().Tuple(4).Atom(Atoms.RecvAsync).Integer64(timeout ?? TimeoutSync).Binary(id).Boolean(consume);
        Send(_writer);
        return ReadResponse(WaitForReply(MessageCode.RecvAsync));
    }

    /// <summary>
    /// 2.0.x: stops the whole service instance without a restart (<paramref name="reason"/> is
    /// logged by the runtime; null or empty means plain <c>shutdown</c>). Keep polling: TERM follows.
    /// </summary>
    /// <exception cref="InvalidOperationException">The 1.5.3 layout has no shutdown.</exception>
    public void Shutdown(string? reason = null)
    {
        if (WireVersion == ApiWireVersion.Version153)
        {
            throw new InvalidOperationException("shutdown is a CloudI 2.0.x message; the 1.5.3 runtime does not accept it");
        }

        Send(_writer.Start().Tuple(2).Atom(Atoms.Shutdown).String(reason ?? string.Empty));
    }

    private void WriteSend(ReadOnlySpan<byte> kind, string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte? priority)
    {
        ArgumentNullException.ThrowIfNull(name);
        _writer.Start().Tuple(6).Atom(kind).String(name).Binary(requestInfo.Span).Binary(request.Span)
            .Integer64(timeout).Integer64(priority ?? PriorityDefault);
    }

    /// <summary>RETURN_SYNC/RECV_ASYNC: copied out of the receive buffer, so the caller may keep it.</summary>
    private CloudIResponse ReadResponse(MessageReader reader)
    {
        (int infoOffset, int infoLength) = reader.Bin();
        (int responseOffset, int responseLength) = reader.Bin();
        TransId transId = reader.TransId();
        FinishReply(reader);
        if (infoLength + responseLength == 0)
        {
            return new CloudIResponse(default, default, transId);
        }

        // One array for both: info first, then the response.
        byte[] data = new byte[infoLength + responseLength];
        ReplySpan.Slice(infoOffset, infoLength).CopyTo(data);
        ReplySpan.Slice(responseOffset, responseLength).CopyTo(data.AsSpan(infoLength));
        return new CloudIResponse(new ReadOnlyMemory<byte>(data, 0, infoLength),
            new ReadOnlyMemory<byte>(data, infoLength, responseLength), transId);
    }

}
