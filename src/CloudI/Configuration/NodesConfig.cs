using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// The <c>{nodes, ...}</c> section, kept for a future distributed runtime (no networking is done):
/// the listed node names and the other settings as raw terms.
/// </summary>
/// <param name="Nodes">The node names (<c>name@host</c>).</param>
/// <param name="Options">The other settings (<c>reconnect_start</c>, <c>discovery</c>, …) as configured.</param>
public sealed record NodesConfig(IReadOnlyList<string> Nodes, IReadOnlyDictionary<string, ErlangTerm> Options)
{
    /// <summary>The settings without a nodes section: no other nodes.</summary>
    public static NodesConfig Default { get; } = new([], new Dictionary<string, ErlangTerm>(StringComparer.Ordinal));

    /// <summary>True for <c>{nodes, automatic}</c> (node discovery).</summary>
    public bool Automatic { get; init; }
}
