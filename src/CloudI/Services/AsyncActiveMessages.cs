using CloudI.Transactions;

namespace CloudI.Services;

/// <summary>
/// <c>{return_async_active, Name, Pattern, ResponseInfo, Response, Timeout, TransId}</c>: the
/// non-null response to a <c>send_async_active</c> / <c>mcast_async_active</c> request,
/// delivered to the info handler. <see cref="Timeout"/> is the response lifetime (§5.4).
/// </summary>
public sealed record ReturnAsyncActive(
    string Name,
    string Pattern,
    ReadOnlyMemory<byte> ResponseInfo,
    ReadOnlyMemory<byte> Response,
    uint Timeout,
    TransId TransId);

/// <summary>
/// <c>{timeout_async_active, TransId}</c>: an active request timed out or got a null response.
/// </summary>
public sealed record TimeoutAsyncActive(TransId TransId);
