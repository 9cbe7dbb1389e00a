namespace CloudI.Services;

/// <summary>How a request was sent; a <c>return</c> or <c>forward</c> must name the same type.</summary>
public enum RequestType
{
    /// <summary>Sent with <c>send_async</c> or <c>mcast_async</c> (and their active forms).</summary>
    SendAsync,

    /// <summary>Sent with <c>send_sync</c>.</summary>
    SendSync,
}
