namespace HarpCaller.Daemon;

/// <summary>
/// A call that failed on the dispatcher's side of the daemon connection, already classified
/// into the spec's error types (1.10): <c>network_error</c>, <c>os_error</c>,
/// <c>protocol_error</c>, <c>timeout</c>; <see cref="Reason"/> becomes <c>data.reason</c>.
/// </summary>
internal sealed class HarpdFailure(string type, string message, string? reason, Exception? inner = null)
    : Exception(message, inner)
{
    public string Type { get; } = type;

    public string? Reason { get; } = reason;
}
