using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>
/// A job's outcome as reported by a result request or a stream's terminal line. Expected outcomes
/// (including failures of the call itself) are values, not exceptions; match on the derived type
/// or on <see cref="Kind"/>.
/// </summary>
public abstract record JobOutcome
{
    private protected JobOutcome()
    {
    }

    /// <summary>Which form the reply took.</summary>
    public abstract JobOutcomeKind Kind { get; }

    /// <summary>False for <see cref="NoResultOutcome"/> and <see cref="ContinueOutcome"/>: the job has not ended.</summary>
    public bool IsFinished => Kind is not (JobOutcomeKind.NoResult or JobOutcomeKind.Continue);

    /// <summary>The reply in its compact protocol form, e.g. <c>{"result":42}</c>; numbers as received.</summary>
    public string ToJsonString() => CompactJson.Write(WriteTo);

    /// <summary>Writes the protocol form as one JSON object.</summary>
    internal abstract void WriteTo(Utf8JsonWriter writer);
}
