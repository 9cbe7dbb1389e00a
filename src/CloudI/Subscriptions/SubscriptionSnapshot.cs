using System.Collections.Immutable;
using CloudI.Names;

namespace CloudI.Subscriptions;

/// <summary>
/// An immutable view of one scope's registry at one moment. The authoritative registry
/// publishes a new one on every change; a lazy <c>dest_refresh</c> sender keeps an old one.
/// Safe to share between threads.
/// </summary>
/// <typeparam name="TSubscriber">The subscriber identity.</typeparam>
public sealed class SubscriptionSnapshot<TSubscriber>
    where TSubscriber : notnull
{
    internal SubscriptionSnapshot(
        PatternTrie<ImmutableArray<Subscription<TSubscriber>>> patterns,
        IEqualityComparer<TSubscriber> comparer,
        int count)
    {
        Patterns = patterns;
        Comparer = comparer;
        Count = count;
    }

    /// <summary>The number of subscription entries (a pattern subscribed k times counts k).</summary>
    public int Count { get; }

    /// <summary>The number of distinct full patterns with at least one entry.</summary>
    public int PatternCount => Patterns.Count;

    /// <summary>The name syntax of the registry.</summary>
    public ServiceNameFlavor Flavor => Patterns.Flavor;

    internal PatternTrie<ImmutableArray<Subscription<TSubscriber>>> Patterns { get; }

    // Created on the first lookup: most snapshots (one per subscription change) see none.
    private LookupCache<TSubscriber>? _lookups;

    internal IEqualityComparer<TSubscriber> Comparer { get; }

    /// <summary>
    /// The number of entries <paramref name="subscriber"/> holds for exactly
    /// <paramref name="fullPattern"/> (string equality, no matching): <c>subscribe_count</c>.
    /// </summary>
    /// <param name="fullPattern">The full pattern (prefix already applied).</param>
    /// <param name="subscriber">The subscriber.</param>
    public int SubscribeCount(string fullPattern, TSubscriber subscriber)
    {
        if (!Patterns.TryGetValue(fullPattern, out ImmutableArray<Subscription<TSubscriber>> entries))
        {
            return 0;
        }

        int count = 0;
        foreach (Subscription<TSubscriber> entry in entries)
        {
            if (Comparer.Equals(entry.Subscriber, subscriber))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>All entries of exactly <paramref name="fullPattern"/>, oldest first.</summary>
    /// <param name="fullPattern">The full pattern.</param>
    public IReadOnlyList<Subscription<TSubscriber>> EntriesOf(string fullPattern) =>
        Patterns.TryGetValue(fullPattern, out ImmutableArray<Subscription<TSubscriber>> entries)
            ? entries
            : [];

    /// <summary>
    /// The winning pattern for <paramref name="name"/> and all its entries (the <c>get_pids</c>
    /// listing), or null when no pattern matches or the name is invalid.
    /// </summary>
    /// <param name="name">The full destination name.</param>
    public PatternSubscribers<TSubscriber>? Lookup(string name) => Lookup(name, default, excludeSender: false);

    /// <summary>
    /// As <see cref="Lookup(string)"/>, with every entry of <paramref name="sender"/> removed
    /// from the candidates (sender exclusion; for a forward, pass the original source).
    /// </summary>
    /// <param name="name">The full destination name.</param>
    /// <param name="sender">The subscriber sending the request.</param>
    public PatternSubscribers<TSubscriber>? Lookup(string name, TSubscriber sender) =>
        Lookup(name, sender, excludeSender: true);

    /// <summary>
    /// The one destination entry chosen by <paramref name="rule"/> among the candidates of
    /// <paramref name="name"/> excluding <paramref name="sender"/>, or null for "no destination".
    /// Each entry is one candidate, so a subscriber with k entries has k-fold weight.
    /// </summary>
    /// <param name="name">The full destination name.</param>
    /// <param name="sender">The subscriber sending the request.</param>
    /// <param name="rule">The sender's destination rule.</param>
    /// <param name="random">The random source; <see cref="System.Random.Shared"/> when null.</param>
    public Subscription<TSubscriber>? Select(
        string name, TSubscriber sender, DestinationRule rule, Random? random = null) =>
        Choose(Lookup(name, sender), rule, random);

    /// <summary>As <see cref="Select(string, TSubscriber, DestinationRule, Random?)"/> for a sender that is not a subscriber.</summary>
    /// <param name="name">The full destination name.</param>
    /// <param name="rule">The sender's destination rule.</param>
    /// <param name="random">The random source; <see cref="System.Random.Shared"/> when null.</param>
    public Subscription<TSubscriber>? Select(string name, DestinationRule rule, Random? random = null) =>
        Choose(Lookup(name), rule, random);

    /// <summary>
    /// The destinations of <c>mcast_async</c>: every candidate entry after sender exclusion,
    /// newest first, one per entry; empty for "no destination" (and always for
    /// <see cref="DestinationRule.Remote"/> and <see cref="DestinationRule.None"/> on a single node).
    /// </summary>
    /// <param name="name">The full destination name.</param>
    /// <param name="sender">The subscriber sending the request.</param>
    /// <param name="rule">The sender's destination rule.</param>
    public IReadOnlyList<Subscription<TSubscriber>> Multicast(string name, TSubscriber sender, DestinationRule rule)
    {
        if (rule is DestinationRule.Remote or DestinationRule.None)
        {
            return [];
        }

        PatternSubscribers<TSubscriber>? found = Lookup(name, sender);
        if (found is null)
        {
            return [];
        }

        var newestFirst = new Subscription<TSubscriber>[found.Candidates.Count];
        for (int k = 0; k < newestFirst.Length; k++)
        {
            newestFirst[k] = found.Candidates[newestFirst.Length - 1 - k];
        }

        return newestFirst;
    }

    private static Subscription<TSubscriber>? Choose(
        PatternSubscribers<TSubscriber>? found, DestinationRule rule, Random? random)
    {
        if (found is null || found.Candidates.Count == 0)
        {
            return null;
        }

        IReadOnlyList<Subscription<TSubscriber>> candidates = found.Candidates;
        return rule switch
        {
            DestinationRule.Newest => candidates[^1],
            DestinationRule.Oldest => candidates[0],
            DestinationRule.Closest or DestinationRule.Furthest or DestinationRule.Random or DestinationRule.Local =>
                candidates[(random ?? Random.Shared).Next(candidates.Count)],
            DestinationRule.Remote or DestinationRule.None => null,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown destination rule"),
        };
    }

    private PatternSubscribers<TSubscriber>? Lookup(string name, TSubscriber? sender, bool excludeSender)
    {
        ArgumentNullException.ThrowIfNull(name);
        PatternSubscribers<TSubscriber>? found = Match(name);
        if (found is null || !excludeSender)
        {
            return found;
        }

        List<Subscription<TSubscriber>>? kept = null;
        IReadOnlyList<Subscription<TSubscriber>> all = found.Candidates;
        for (int k = 0; k < all.Count; k++)
        {
            if (Comparer.Equals(all[k].Subscriber, sender!))
            {
                // Copy only once an excluded entry shows up, so the common case shares the result.
                kept ??= [.. all.Take(k)];
            }
            else
            {
                kept?.Add(all[k]);
            }
        }

        return kept is null ? found : found with { Candidates = kept };
    }

    /// <summary>The winning pattern and all its entries, remembered for the snapshot's lifetime.</summary>
    private PatternSubscribers<TSubscriber>? Match(string name)
    {
        LookupCache<TSubscriber> cache = _lookups ?? Interlocked.CompareExchange(ref _lookups, new(), null) ?? _lookups;
        if (cache.TryGet(name, out PatternSubscribers<TSubscriber>? known))
        {
            return known;
        }

        PatternMatch<ImmutableArray<Subscription<TSubscriber>>>? match = Patterns.Match(name);
        PatternSubscribers<TSubscriber>? found = match is null
            ? null
            : new PatternSubscribers<TSubscriber>(name, match.Pattern, match.WildcardParts, match.Value);
        cache.Add(name, found);
        return found;
    }
}
