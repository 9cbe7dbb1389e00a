using System.Text.Json;

namespace HarpCaller.Client;

/// <summary>
/// The last item of every stream: the terminal line. For follow requests it is the job's final
/// outcome; for page-wise reads it may also be <see cref="ContinueOutcome"/> (job still running).
/// An unknown job id gives an <see cref="ErrorOutcome"/> with <see cref="ErrorOutcome.IsInvalidJobId"/>.
/// </summary>
/// <param name="Outcome">The terminal outcome.</param>
public sealed record StreamEnd(JobOutcome Outcome) : StreamItem
{
    internal override void WriteTo(Utf8JsonWriter writer) => Outcome.WriteTo(writer);
}
