namespace CloudI.Api;

/// <summary>
/// How a request was sent, which decides the return/forward message that ends it
/// (the values of cloudi.py's <c>API.ASYNC</c> and <c>API.SYNC</c>).
/// </summary>
public enum RequestType
{
    /// <summary>Sent with <c>send_async</c>/<c>mcast_async</c>: ended by <c>return_async</c>/<c>forward_async</c>.</summary>
    Async = 1,

    /// <summary>Sent with <c>send_sync</c>: ended by <c>return_sync</c>/<c>forward_sync</c>.</summary>
    Sync = -1,
}
