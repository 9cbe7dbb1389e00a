namespace CloudI.Api.Internal;

/// <summary>The leading u32 of every runtime→library message (§5.1).</summary>
internal enum MessageCode : uint
{
    Init = 1,
    SendAsync = 2,
    SendSync = 3,
    RecvAsync = 4,
    ReturnAsync = 5,
    ReturnSync = 6,
    ReturnsAsync = 7,
    Keepalive = 8,
    Reinit = 9,
    SubscribeCount = 10,
    Term = 11,
}
