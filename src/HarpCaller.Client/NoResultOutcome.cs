using System.Text.Json;

namespace HarpCaller.Client;

/// <summary>The job has not ended yet (<c>{"no_result":true}</c>, a result request that did not wait).</summary>
public sealed record NoResultOutcome : JobOutcome
{
    private NoResultOutcome()
    {
    }

    /// <summary>The only instance; the outcome carries no data.</summary>
    public static NoResultOutcome Instance { get; } = new();

    /// <inheritdoc />
    public override JobOutcomeKind Kind => JobOutcomeKind.NoResult;

    internal override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("no_result", true);
        writer.WriteEndObject();
    }
}
