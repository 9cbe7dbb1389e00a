namespace HarpCaller.Protocol;

/// <summary>A request to read a job's recorded stream without waiting (spec 1.8).</summary>
/// <param name="JobId">The job id string as sent; the engine decides whether it names a job.</param>
/// <param name="Since">
/// The <c>since</c> option (first packet to send), or <see langword="null"/> when absent. An integer too
/// large for a <see cref="long"/> is clamped to <see cref="long.MaxValue"/> (past any stream's end).
/// </param>
/// <param name="Recent">
/// The <c>recent</c> option (last recorded packets to send), or <see langword="null"/> when absent; clamped
/// like <paramref name="Since"/>. Never set together with <paramref name="Since"/>; neither set means <c>since = 0</c>.
/// </param>
public sealed record ReadStreamRequest(string JobId, long? Since, long? Recent) : ClientRequest;
