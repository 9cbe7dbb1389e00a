namespace CloudI.Services;

/// <summary>
/// What a request handler did: the counterpart of CloudI's <c>{reply, ...}</c>,
/// <c>{forward, ...}</c> and <c>{noreply, ...}</c> handler results.
/// </summary>
public sealed class RequestResult
{
    private RequestResult(RequestResultKind kind, ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response,
        string? forwardName = null, uint? forwardTimeout = null, sbyte? forwardPriority = null)
    {
        Kind = kind;
        ResponseInfo = responseInfo;
        Response = response;
        ForwardName = forwardName;
        ForwardTimeout = forwardTimeout;
        ForwardPriority = forwardPriority;
    }

    /// <summary>No response now: the service may answer later with <c>ServiceDispatcher.Return</c>.</summary>
    public static RequestResult NoReply { get; } = new(RequestResultKind.NoReply, default, default);

    /// <summary>The handler already answered (through <c>ServiceDispatcher.Return</c> or <see cref="ServiceDispatcher.Forward"/>).</summary>
    public static RequestResult Handled { get; } = new(RequestResultKind.Handled, default, default);

    /// <summary>What kind of result this is.</summary>
    public RequestResultKind Kind { get; }

    /// <summary>The response metadata of a reply, or the request metadata of a forward.</summary>
    public ReadOnlyMemory<byte> ResponseInfo { get; }

    /// <summary>The response of a reply, or the request of a forward.</summary>
    public ReadOnlyMemory<byte> Response { get; }

    /// <summary>The new destination name of a forward.</summary>
    public string? ForwardName { get; }

    /// <summary>The timeout of a forward; null keeps the request's.</summary>
    public uint? ForwardTimeout { get; }

    /// <summary>The priority of a forward; null keeps the request's.</summary>
    public sbyte? ForwardPriority { get; }

    /// <summary>Replies with <paramref name="response"/> and empty response info.</summary>
    public static RequestResult Reply(ReadOnlyMemory<byte> response) =>
        new(RequestResultKind.Reply, default, response);

    /// <summary>Replies with response info and a response (both empty = a null response).</summary>
    public static RequestResult Reply(ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response) =>
        new(RequestResultKind.Reply, responseInfo, response);

    /// <summary>Replies with UTF-8 text.</summary>
    public static RequestResult Reply(string response) =>
        new(RequestResultKind.Reply, default, System.Text.Encoding.UTF8.GetBytes(response));

    /// <summary>Forwards the request to <paramref name="name"/> with new request info and body.</summary>
    public static RequestResult Forward(string name, ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request,
        uint? timeout = null, sbyte? priority = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(RequestResultKind.Forward, requestInfo, request, name, timeout, priority);
    }
}

/// <summary>The kinds of <see cref="RequestResult"/>.</summary>
public enum RequestResultKind
{
    /// <summary>Send a response (both parts empty: a null response).</summary>
    Reply,

    /// <summary>Send the request on to another name.</summary>
    Forward,

    /// <summary>Send nothing now.</summary>
    NoReply,

    /// <summary>Already answered from inside the handler.</summary>
    Handled,
}
