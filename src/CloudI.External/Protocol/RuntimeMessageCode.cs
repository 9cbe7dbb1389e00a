namespace CloudI.External.Protocol;

/// <summary>The leading <c>u32</c> of every runtime→external message (spec §5.1).</summary>
public enum RuntimeMessageCode : uint
{
    /// <summary>Reply to <c>init</c>.</summary>
    Init = 1,
    /// <summary>Incoming asynchronous request.</summary>
    SendAsync = 2,
    /// <summary>Incoming synchronous request.</summary>
    SendSync = 3,
    /// <summary>Reply to <c>recv_async</c>.</summary>
    RecvAsync = 4,
    /// <summary>Reply to <c>send_async</c>.</summary>
    ReturnAsync = 5,
    /// <summary>Reply to <c>send_sync</c>.</summary>
    ReturnSync = 6,
    /// <summary>Reply to <c>mcast_async</c>.</summary>
    ReturnsAsync = 7,
    /// <summary>UDP liveness probe.</summary>
    Keepalive = 8,
    /// <summary>Configuration change while running.</summary>
    Reinit = 9,
    /// <summary>Reply to <c>subscribe_count</c>.</summary>
    SubscribeCount = 10,
    /// <summary>Stop request.</summary>
    Term = 11,
}
