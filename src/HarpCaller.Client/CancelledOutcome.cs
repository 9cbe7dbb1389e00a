using System.Text.Json;

namespace HarpCaller.Client;

/// <summary>The job was cancelled before it returned a value (<c>{"cancelled":true}</c>).</summary>
public sealed record CancelledOutcome : JobOutcome
{
    private CancelledOutcome()
    {
    }

    /// <summary>The only instance; the outcome carries no data.</summary>
    public static CancelledOutcome Instance { get; } = new();

    /// <inheritdoc />
    public override JobOutcomeKind Kind => JobOutcomeKind.Cancelled;

    internal override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("cancelled", true);
        writer.WriteEndObject();
    }
}
