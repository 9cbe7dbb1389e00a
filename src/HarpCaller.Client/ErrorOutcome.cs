using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>
/// The call failed (<c>{"error":{...}}</c>): unknown host, network or protocol trouble, a time limit,
/// an error reported by the daemon, or — with <see cref="IsInvalidJobId"/> — no job has this id.
/// </summary>
/// <param name="Type">Error type, e.g. <c>network_error</c>, <c>timeout</c>, <c>invalid_jobid</c>.</param>
/// <param name="Message">Human-readable message.</param>
/// <param name="Data">Extra data (e.g. <c>{"reason":"econnrefused"}</c>), or <c>null</c> when absent.</param>
public sealed record ErrorOutcome(string Type, string Message, JsonElement? Data) : JobOutcome
{
    /// <summary>The <c>invalid_jobid</c> type: the dispatcher has no job with the requested id.</summary>
    public const string InvalidJobIdType = "invalid_jobid";

    /// <inheritdoc />
    public override JobOutcomeKind Kind => JobOutcomeKind.Error;

    /// <summary>True when the dispatcher has no job with the requested id.</summary>
    public bool IsInvalidJobId => Type == InvalidJobIdType;

    internal override void WriteTo(Utf8JsonWriter writer) => CompactJson.WriteFailure(writer, "error", Type, Message, Data);
}
