namespace HarpCaller.Protocol;

/// <summary>A call request (spec 1.3): run <paramref name="Procedure"/> on <paramref name="Host"/>.</summary>
/// <param name="Host">Target host name, as sent; looked up in the hosts registry when the job starts.</param>
/// <param name="Procedure">Procedure name, as sent.</param>
/// <param name="ArgumentsJson">The arguments (a JSON array or object) as compact JSON text, every token as the client wrote it.</param>
/// <param name="TimeoutSeconds">
/// The <c>timeout</c> option (greater than 0), or <see langword="null"/> when absent. A number too large for
/// a <see cref="double"/> (such as <c>1e400</c>) is clamped to <see cref="double.MaxValue"/>, so users of
/// this value must cap it before converting it to a <see cref="TimeSpan"/>.
/// </param>
/// <param name="MaxExecTimeSeconds">The <c>max_exec_time</c> option, same rules as <paramref name="TimeoutSeconds"/>.</param>
/// <param name="Queue">The queue to wait in, or <see langword="null"/> for none.</param>
/// <param name="InfoJson">The <c>info</c> value as compact JSON text; <c>"null"</c> when absent.</param>
public sealed record CallRequest(
    string Host,
    string Procedure,
    string ArgumentsJson,
    double? TimeoutSeconds,
    double? MaxExecTimeSeconds,
    QueueSpec? Queue,
    string InfoJson) : ClientRequest;
