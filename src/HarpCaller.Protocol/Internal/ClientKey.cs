namespace HarpCaller.Protocol.Internal;

/// <summary>The top-level keys a client request may carry. Values index <see cref="ClientSlots"/> and bit masks.</summary>
internal enum ClientKey
{
    Harpcaller,
    Host,
    Procedure,
    Arguments,
    Timeout,
    MaxExecTime,
    Queue,
    Info,
    Cancel,
    GetResult,
    Wait,
    GetStatus,
    FollowStream,
    ReadStream,
    Since,
    Recent,

    /// <summary>Number of known keys; also stands for "not a known key".</summary>
    Unknown,
}
