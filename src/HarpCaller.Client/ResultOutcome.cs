using System.Text.Json;

namespace HarpCaller.Client;

/// <summary>The procedure returned <see cref="Value"/> (<c>{"result":V}</c>).</summary>
/// <param name="Value">The returned value; its numbers keep the text the dispatcher sent.</param>
public sealed record ResultOutcome(JsonElement Value) : JobOutcome
{
    /// <inheritdoc />
    public override JobOutcomeKind Kind => JobOutcomeKind.Result;

    internal override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("result");
        Value.WriteTo(writer);
        writer.WriteEndObject();
    }
}
