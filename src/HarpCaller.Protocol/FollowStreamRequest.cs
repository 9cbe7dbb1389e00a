namespace HarpCaller.Protocol;

/// <summary>A request to follow a job's stream until it ends (spec 1.7).</summary>
/// <param name="JobId">The job id string as sent; the engine decides whether it names a job.</param>
/// <param name="Since">
/// The <c>since</c> option (first packet to send), or <see langword="null"/> when absent. An integer too
/// large for a <see cref="long"/> is clamped to <see cref="long.MaxValue"/> (past any stream's end).
/// </param>
/// <param name="Recent">
/// The <c>recent</c> option (recorded packets to send first), or <see langword="null"/> when absent; clamped
/// like <paramref name="Since"/>. Never set together with <paramref name="Since"/>; neither set means <c>recent = 0</c>.
/// </param>
public sealed record FollowStreamRequest(string JobId, long? Since, long? Recent) : ClientRequest;
