namespace CloudI.External.Protocol;

/// <summary>
/// A validated external→runtime message (spec §4.2). Byte fields are slices of the decoded payload (except
/// strings sent as LIST_EXT, which are copied), so they stay valid as long as the payload buffer is not reused.
/// Switch on <see cref="Kind"/> or pattern-match on the sealed subclasses.
/// </summary>
public abstract class ExternalMessage
{
    private protected ExternalMessage() { }

    /// <summary>Which message this is.</summary>
    public abstract ExternalMessageKind Kind { get; }
}

/// <summary>The atom <c>init</c>: the API object was constructed; reply INIT. Allocation-free singleton.</summary>
public sealed class InitMessage : ExternalMessage
{
    /// <summary>The only instance.</summary>
    public static readonly InitMessage Instance = new();
    private InitMessage() { }
    /// <inheritdoc/>
    public override ExternalMessageKind Kind => ExternalMessageKind.Init;
}

/// <summary>The atom <c>polling</c>: initialization is complete. Allocation-free singleton.</summary>
public sealed class PollingMessage : ExternalMessage
{
    /// <summary>The only instance.</summary>
    public static readonly PollingMessage Instance = new();
    private PollingMessage() { }
    /// <inheritdoc/>
    public override ExternalMessageKind Kind => ExternalMessageKind.Polling;
}

/// <summary>The atom <c>keepalive</c>: answer to a udp KEEPALIVE. Allocation-free singleton.</summary>
public sealed class KeepaliveMessage : ExternalMessage
{
    /// <summary>The only instance.</summary>
    public static readonly KeepaliveMessage Instance = new();
    private KeepaliveMessage() { }
    /// <inheritdoc/>
    public override ExternalMessageKind Kind => ExternalMessageKind.Keepalive;
}

/// <summary><c>{pid, OsPid}</c> from a connect-back spawner (thread 0 only).</summary>
public sealed class PidMessage(int osPid) : ExternalMessage
{
    /// <summary>The OS process id (1..int.MaxValue).</summary>
    public int OsPid { get; } = osPid;
    /// <inheritdoc/>
    public override ExternalMessageKind Kind => ExternalMessageKind.Pid;
}

/// <summary><c>{subscribe | subscribe_count | unsubscribe, Pattern}</c>; the full pattern is Prefix ++ Pattern.</summary>
public sealed class SubscriptionMessage(ExternalMessageKind kind, ReadOnlyMemory<byte> pattern) : ExternalMessage
{
    /// <summary><see cref="ExternalMessageKind.Subscribe"/>, <see cref="ExternalMessageKind.SubscribeCount"/> or <see cref="ExternalMessageKind.Unsubscribe"/>.</summary>
    public override ExternalMessageKind Kind { get; } = kind;
    /// <summary>The pattern suffix as bytes (without the service prefix).</summary>
    public ReadOnlyMemory<byte> Pattern { get; } = pattern;
}

/// <summary><c>{send_async | send_sync | mcast_async, Name, RequestInfo, Request, Timeout, Priority}</c>.</summary>
public sealed class SendMessage(ExternalMessageKind kind, ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> requestInfo,
    ReadOnlyMemory<byte> request, uint timeout, sbyte priority) : ExternalMessage
{
    /// <summary><see cref="ExternalMessageKind.SendAsync"/>, <see cref="ExternalMessageKind.SendSync"/> or <see cref="ExternalMessageKind.McastAsync"/>.</summary>
    public override ExternalMessageKind Kind { get; } = kind;
    /// <summary>Full destination service name (no prefix added).</summary>
    public ReadOnlyMemory<byte> Name { get; } = name;
    /// <summary>Request metadata.</summary>
    public ReadOnlyMemory<byte> RequestInfo { get; } = requestInfo;
    /// <summary>Request body.</summary>
    public ReadOnlyMemory<byte> Request { get; } = request;
    /// <summary>Timeout in ms (0..4294967295).</summary>
    public uint Timeout { get; } = timeout;
    /// <summary>Priority (−128 high .. 127 low).</summary>
    public sbyte Priority { get; } = priority;
}

/// <summary><c>{recv_async, Timeout, TransId, Consume}</c>.</summary>
public sealed class RecvAsyncMessage(uint timeout, ReadOnlyMemory<byte> transId, bool consume) : ExternalMessage
{
    /// <inheritdoc/>
    public override ExternalMessageKind Kind => ExternalMessageKind.RecvAsync;
    /// <summary>Timeout in ms.</summary>
    public uint Timeout { get; } = timeout;
    /// <summary>16-byte TransId; all zeros = the oldest stored response.</summary>
    public ReadOnlyMemory<byte> TransId { get; } = transId;
    /// <summary>Remove the stored response when returned.</summary>
    public bool Consume { get; } = consume;
}

/// <summary><c>{return_async | return_sync, Name, Pattern, ResponseInfo, Response, Timeout, TransId, Source}</c>.</summary>
public sealed class ReturnMessage(ExternalMessageKind kind, ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> pattern,
    ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response, uint timeout, ReadOnlyMemory<byte> transId,
    ExternalPid source) : ExternalMessage
{
    /// <summary><see cref="ExternalMessageKind.ReturnAsync"/> or <see cref="ExternalMessageKind.ReturnSync"/>.</summary>
    public override ExternalMessageKind Kind { get; } = kind;
    /// <summary>True for <c>return_sync</c>.</summary>
    public bool IsSync => Kind == ExternalMessageKind.ReturnSync;
    /// <summary>Name of the request being answered.</summary>
    public ReadOnlyMemory<byte> Name { get; } = name;
    /// <summary>Pattern of the request being answered.</summary>
    public ReadOnlyMemory<byte> Pattern { get; } = pattern;
    /// <summary>Response metadata.</summary>
    public ReadOnlyMemory<byte> ResponseInfo { get; } = responseInfo;
    /// <summary>Response body.</summary>
    public ReadOnlyMemory<byte> Response { get; } = response;
    /// <summary>True when both ResponseInfo and Response are empty (a null response, spec §6.5).</summary>
    public bool IsNullResponse => ResponseInfo.IsEmpty && Response.IsEmpty;
    /// <summary>Timeout in ms.</summary>
    public uint Timeout { get; } = timeout;
    /// <summary>16-byte TransId of the request.</summary>
    public ReadOnlyMemory<byte> TransId { get; } = transId;
    /// <summary>The echoed sender pid.</summary>
    public ExternalPid Source { get; } = source;
}

/// <summary><c>{forward_async | forward_sync, Name, RequestInfo, Request, Timeout, Priority, TransId, Source}</c>.</summary>
public sealed class ForwardMessage(ExternalMessageKind kind, ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> requestInfo,
    ReadOnlyMemory<byte> request, uint timeout, sbyte priority, ReadOnlyMemory<byte> transId, ExternalPid source)
    : ExternalMessage
{
    /// <summary><see cref="ExternalMessageKind.ForwardAsync"/> or <see cref="ExternalMessageKind.ForwardSync"/>.</summary>
    public override ExternalMessageKind Kind { get; } = kind;
    /// <summary>True for <c>forward_sync</c>.</summary>
    public bool IsSync => Kind == ExternalMessageKind.ForwardSync;
    /// <summary>New destination name.</summary>
    public ReadOnlyMemory<byte> Name { get; } = name;
    /// <summary>New request metadata.</summary>
    public ReadOnlyMemory<byte> RequestInfo { get; } = requestInfo;
    /// <summary>New request body.</summary>
    public ReadOnlyMemory<byte> Request { get; } = request;
    /// <summary>Timeout in ms.</summary>
    public uint Timeout { get; } = timeout;
    /// <summary>Priority.</summary>
    public sbyte Priority { get; } = priority;
    /// <summary>The original TransId.</summary>
    public ReadOnlyMemory<byte> TransId { get; } = transId;
    /// <summary>The original sender pid.</summary>
    public ExternalPid Source { get; } = source;
}

/// <summary><c>{shutdown, Reason}</c> (2.0.x): stop the service instance without restart.</summary>
public sealed class ShutdownMessage(ReadOnlyMemory<byte> reason) : ExternalMessage
{
    /// <inheritdoc/>
    public override ExternalMessageKind Kind => ExternalMessageKind.Shutdown;
    /// <summary>Reason text; empty means the plain reason <c>shutdown</c>.</summary>
    public ReadOnlyMemory<byte> Reason { get; } = reason;
}
