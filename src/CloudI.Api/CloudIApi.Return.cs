using CloudI.Api.Internal;

namespace CloudI.Api;

public sealed partial class CloudIApi
{
    /// <summary>
    /// Answers a request (<c>return_sync</c> or <c>return_async</c> by <paramref name="requestType"/>)
    /// with the name, pattern, TransId and source the handler received. Inside that request's
    /// handler it ends the handler (it does not return), like cloudi.py's <c>return_</c>; an
    /// empty info and response is a null response.
    /// </summary>
    public void Return(RequestType requestType, string name, string pattern, ReadOnlyMemory<byte> responseInfo,
        ReadOnlyMemory<byte> response, uint timeout, TransId transId, ReadOnlyMemory<byte> source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pattern);
        WriteReturn(requestType == RequestType.Sync, name, pattern, responseInfo.Span, response.Span, timeout, transId,
            source.Span);
        Send(_writer);
        EndIfCurrent(transId);
    }

    /// <summary><see cref="Return"/> for a request that arrived with <see cref="RequestType.Sync"/>.</summary>
    public void ReturnSync(string name, string pattern, ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response,
        uint timeout, TransId transId, ReadOnlyMemory<byte> source) =>
        Return(RequestType.Sync, name, pattern, responseInfo, response, timeout, transId, source);

    /// <summary><see cref="Return"/> for a request that arrived with <see cref="RequestType.Async"/>.</summary>
    public void ReturnAsync(string name, string pattern, ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response,
        uint timeout, TransId transId, ReadOnlyMemory<byte> source) =>
        Return(RequestType.Async, name, pattern, responseInfo, response, timeout, transId, source);

    /// <summary>
    /// Re-sends a request to <paramref name="name"/> with new info, body, timeout and priority but
    /// the same TransId and source, so the final responder answers the original sender
    /// (<c>forward_sync</c>/<c>forward_async</c> by <paramref name="requestType"/>). Inside that
    /// request's handler it ends the handler (it does not return).
    /// </summary>
    public void Forward(RequestType requestType, string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ReadOnlyMemory<byte> source)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> id = stackalloc byte[16];
        transId.WriteTo(id);
        _writer.Start().Tuple(8).Atom(requestType == RequestType.Sync ? Atoms.ForwardSync : Atoms.ForwardAsync)
            .String(name).Binary(requestInfo.Span).Binary(request.Span)
            .Integer64(AdjustTimeout(timeout, transId)).Integer64(priority).Binary(id).Term(source.Span);
        Send(_writer);
        EndIfCurrent(transId);
    }

    /// <summary><see cref="Forward"/> for a request that arrived with <see cref="RequestType.Sync"/>.</summary>
    public void ForwardSync(string name, ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint timeout,
        sbyte priority, TransId transId, ReadOnlyMemory<byte> source) =>
        Forward(RequestType.Sync, name, requestInfo, request, timeout, priority, transId, source);

    /// <summary><see cref="Forward"/> for a request that arrived with <see cref="RequestType.Async"/>.</summary>
    public void ForwardAsync(string name, ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint timeout,
        sbyte priority, TransId transId, ReadOnlyMemory<byte> source) =>
        Forward(RequestType.Async, name, requestInfo, request, timeout, priority, transId, source);
}
