using System.Collections.Frozen;
using System.Collections.Immutable;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// One immutable state of the registry. Readers take the current instance with a single
/// volatile read; a refresh publishes a new one with a single write, so a lookup never sees
/// half of two refreshes and never takes a lock.
/// </summary>
internal sealed class HostsSnapshot
{
    public static readonly HostsSnapshot Empty = new(FrozenDictionary<string, HostEntry>.Empty, [], refreshedAt: null);

    private HostsSnapshot(FrozenDictionary<string, HostEntry> byName, ImmutableArray<HostEntry> sorted, DateTimeOffset? refreshedAt)
    {
        ByName = byName;
        Sorted = sorted;
        RefreshedAt = refreshedAt;
    }

    /// <summary>Lookup by exact host name.</summary>
    public FrozenDictionary<string, HostEntry> ByName { get; }

    /// <summary>All entries ordered by host name (ordinal), for stable <c>hosts-list</c> output.</summary>
    public ImmutableArray<HostEntry> Sorted { get; }

    /// <summary>Wall-clock time of the script run this state came from; null = never refreshed.</summary>
    public DateTimeOffset? RefreshedAt { get; }

    /// <summary>Builds a state; taking a dictionary makes unique host names a matter of type.</summary>
    public static HostsSnapshot Create(IReadOnlyDictionary<string, HostEntry> hosts, DateTimeOffset? refreshedAt)
    {
        FrozenDictionary<string, HostEntry> byName = hosts.ToFrozenDictionary(StringComparer.Ordinal);
        ImmutableArray<HostEntry> sorted = [.. byName.Values.OrderBy(h => h.Hostname, StringComparer.Ordinal)];
        return new HostsSnapshot(byName, sorted, refreshedAt);
    }
}
