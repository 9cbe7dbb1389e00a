namespace CloudI.Api;

/// <summary>
/// What <c>send_sync</c> and <c>recv_async</c> give back: (response_info, response, trans_id), as
/// in cloudi.py. A timeout and a null response both arrive as empty info and response with the
/// request's TransId; a send that found no destination has a null TransId. The memory is the
/// caller's to keep.
/// </summary>
/// <param name="ResponseInfo">The response's metadata (e.g. <c>key\0value\0</c> headers).</param>
/// <param name="Response">The response body.</param>
/// <param name="TransId">The request's TransId (null when no request was sent).</param>
public readonly record struct CloudIResponse(ReadOnlyMemory<byte> ResponseInfo, ReadOnlyMemory<byte> Response, TransId TransId)
{
    /// <summary>True when both info and response are empty: a timeout, a null response or no destination.</summary>
    public bool IsEmpty => ResponseInfo.IsEmpty && Response.IsEmpty;

    /// <summary>The response body decoded as UTF-8.</summary>
    public string ResponseText => System.Text.Encoding.UTF8.GetString(Response.Span);
}
