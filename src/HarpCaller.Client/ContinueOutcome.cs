using System.Text.Json;

namespace HarpCaller.Client;

/// <summary>
/// End of a page-wise stream read whose job has not ended yet (<c>{"continue":true}</c>): read again
/// later, starting after the last packet received.
/// </summary>
public sealed record ContinueOutcome : JobOutcome
{
    private ContinueOutcome()
    {
    }

    /// <summary>The only instance; the outcome carries no data.</summary>
    public static ContinueOutcome Instance { get; } = new();

    /// <inheritdoc />
    public override JobOutcomeKind Kind => JobOutcomeKind.Continue;

    internal override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("continue", true);
        writer.WriteEndObject();
    }
}
