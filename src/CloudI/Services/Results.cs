using CloudI.Transactions;

namespace CloudI.Services;

/// <summary>
/// A CloudI <c>{ok, Value} | {error, Reason}</c> result. <see cref="Error"/> is the reason atom
/// (<c>timeout</c> for every failed lookup, denied ACL or expired wait, as in CloudI).
/// </summary>
public readonly record struct CloudIResult<T>(T Value, string? Error)
{
    /// <summary>True for <c>{ok, ...}</c>.</summary>
    public bool IsOk => Error is null;

    /// <summary>A success.</summary>
    public static CloudIResult<T> Ok(T value) => new(value, null);

    /// <summary>A failure with a reason atom.</summary>
    public static CloudIResult<T> Fail(string reason) => new(default!, reason);
}

/// <summary>
/// The result of <c>send_sync</c>: <c>{ok, ResponseInfo, Response}</c> (or <c>{ok, Response}</c>
/// when the info is empty) or <c>{error, timeout}</c>, plus the request's TransId (external APIs
/// report it; it is null if no request was sent).
/// </summary>
public readonly record struct SendSyncResult(
    string? Error,
    ReadOnlyMemory<byte> ResponseInfo,
    ReadOnlyMemory<byte> Response,
    TransId TransId)
{
    /// <summary>True for <c>{ok, ...}</c>.</summary>
    public bool IsOk => Error is null;

    /// <summary>The response as UTF-8 text.</summary>
    public string ResponseText => System.Text.Encoding.UTF8.GetString(Response.Span);

    internal static SendSyncResult Timeout(TransId transId) => new("timeout", default, default, transId);
}

/// <summary>
/// One received asynchronous response (<c>recv_async</c>): empty info and response with the asked
/// TransId when nothing arrived in time (<see cref="Error"/> is then <c>timeout</c>).
/// </summary>
public readonly record struct RecvAsyncResult(
    string? Error,
    ReadOnlyMemory<byte> ResponseInfo,
    ReadOnlyMemory<byte> Response,
    TransId TransId)
{
    /// <summary>True for <c>{ok, ...}</c>.</summary>
    public bool IsOk => Error is null;

    /// <summary>The response as UTF-8 text.</summary>
    public string ResponseText => System.Text.Encoding.UTF8.GetString(Response.Span);
}

/// <summary>
/// A looked-up destination (<c>{Pattern, Pid}</c> from <c>get_pid</c>/<c>get_pids</c>), usable
/// to send to that exact subscriber. It may have died since; a request to it then times out.
/// </summary>
public sealed record ServiceDestination(string Pattern, ServiceDispatcher Dispatcher);
