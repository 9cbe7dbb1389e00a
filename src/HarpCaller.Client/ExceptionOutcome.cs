using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>The procedure raised an exception, reported by the daemon (<c>{"exception":{...}}</c>).</summary>
/// <param name="Type">Exception type name as the daemon reported it.</param>
/// <param name="Message">Human-readable message.</param>
/// <param name="Data">Extra data, or <c>null</c> when the reply had no <c>data</c> key.</param>
public sealed record ExceptionOutcome(string Type, string Message, JsonElement? Data) : JobOutcome
{
    /// <inheritdoc />
    public override JobOutcomeKind Kind => JobOutcomeKind.Exception;

    internal override void WriteTo(Utf8JsonWriter writer) => CompactJson.WriteFailure(writer, "exception", Type, Message, Data);
}
