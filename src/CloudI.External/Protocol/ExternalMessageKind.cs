namespace CloudI.External.Protocol;

/// <summary>Which external→runtime message a decoded <see cref="ExternalMessage"/> is (spec §4.2).</summary>
public enum ExternalMessageKind
{
    /// <summary>The atom <c>init</c>.</summary>
    Init,
    /// <summary>The atom <c>polling</c>.</summary>
    Polling,
    /// <summary>The atom <c>keepalive</c>.</summary>
    Keepalive,
    /// <summary><c>{pid, OsPid}</c>.</summary>
    Pid,
    /// <summary><c>{subscribe, Pattern}</c>.</summary>
    Subscribe,
    /// <summary><c>{subscribe_count, Pattern}</c>.</summary>
    SubscribeCount,
    /// <summary><c>{unsubscribe, Pattern}</c>.</summary>
    Unsubscribe,
    /// <summary><c>{send_async, Name, RequestInfo, Request, Timeout, Priority}</c>.</summary>
    SendAsync,
    /// <summary><c>{send_sync, Name, RequestInfo, Request, Timeout, Priority}</c>.</summary>
    SendSync,
    /// <summary><c>{mcast_async, Name, RequestInfo, Request, Timeout, Priority}</c>.</summary>
    McastAsync,
    /// <summary><c>{recv_async, Timeout, TransId, Consume}</c>.</summary>
    RecvAsync,
    /// <summary><c>{return_async, Name, Pattern, ResponseInfo, Response, Timeout, TransId, Source}</c>.</summary>
    ReturnAsync,
    /// <summary><c>{return_sync, Name, Pattern, ResponseInfo, Response, Timeout, TransId, Source}</c>.</summary>
    ReturnSync,
    /// <summary><c>{forward_async, Name, RequestInfo, Request, Timeout, Priority, TransId, Source}</c>.</summary>
    ForwardAsync,
    /// <summary><c>{forward_sync, Name, RequestInfo, Request, Timeout, Priority, TransId, Source}</c>.</summary>
    ForwardSync,
    /// <summary><c>{shutdown, Reason}</c> (2.0.x only).</summary>
    Shutdown,
}
