using System.Collections.Immutable;
using CloudI.Names;

namespace CloudI.Subscriptions;

/// <summary>
/// The authoritative subscription registry of one scope (§2). Writers serialise on a lock and
/// publish a new immutable <see cref="SubscriptionSnapshot{TSubscriber}"/>; lookups read the
/// current snapshot without locking, so they never block and always see a consistent state.
/// </summary>
/// <typeparam name="TSubscriber">The subscriber identity (e.g. an external thread or a service process).</typeparam>
public sealed class SubscriptionTable<TSubscriber>
    where TSubscriber : notnull
{
    private readonly object _gate = new();
    private readonly IEqualityComparer<TSubscriber> _comparer;

    // Which patterns each subscriber holds, so a terminating subscriber is removed without
    // scanning every pattern; only touched under _gate.
    private readonly Dictionary<TSubscriber, Dictionary<string, int>> _bySubscriber;
    private SubscriptionSnapshot<TSubscriber> _snapshot;
    private long _sequence;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="flavor">The name syntax subscriptions are validated and matched with.</param>
    /// <param name="comparer">Subscriber equality; the default comparer when null.</param>
    public SubscriptionTable(ServiceNameFlavor flavor, IEqualityComparer<TSubscriber>? comparer = null)
    {
        _comparer = comparer ?? EqualityComparer<TSubscriber>.Default;
        _bySubscriber = new Dictionary<TSubscriber, Dictionary<string, int>>(_comparer);
        _snapshot = new SubscriptionSnapshot<TSubscriber>(
            PatternTrie<ImmutableArray<Subscription<TSubscriber>>>.Empty(flavor), _comparer, 0);
    }

    /// <summary>The current state; taking it is what an <c>immediate_</c> lookup or a lazy refresh does.</summary>
    public SubscriptionSnapshot<TSubscriber> Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The name syntax of the registry.</summary>
    public ServiceNameFlavor Flavor => Snapshot.Flavor;

    /// <summary>
    /// Adds one entry for (<paramref name="fullPattern"/>, <paramref name="subscriber"/>) and
    /// returns the subscriber's new count for that pattern. Throws
    /// <see cref="InvalidServiceNameException"/> for an invalid pattern (a protocol violation
    /// for an external service).
    /// </summary>
    /// <param name="fullPattern">The full pattern (prefix already applied).</param>
    /// <param name="subscriber">The subscriber.</param>
    public int Subscribe(string fullPattern, TSubscriber subscriber)
    {
        ServiceNames.ValidatePattern(fullPattern, Flavor);
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            SubscriptionSnapshot<TSubscriber> current = _snapshot;
            ImmutableArray<Subscription<TSubscriber>> entries =
                current.Patterns.TryGetValue(fullPattern, out ImmutableArray<Subscription<TSubscriber>> existing)
                    ? existing
                    : [];
            var entry = new Subscription<TSubscriber>(fullPattern, subscriber, ++_sequence);
            Publish(current.Patterns.SetItem(fullPattern, entries.Add(entry)), current.Count + 1);

            if (!_bySubscriber.TryGetValue(subscriber, out Dictionary<string, int>? held))
            {
                held = new Dictionary<string, int>(StringComparer.Ordinal);
                _bySubscriber.Add(subscriber, held);
            }

            held[fullPattern] = held.GetValueOrDefault(fullPattern) + 1;
            return held[fullPattern];
        }
    }

    /// <summary>
    /// Removes one entry of <paramref name="subscriber"/> for exactly <paramref name="fullPattern"/>,
    /// or returns false when it holds none (an error the caller reports; for an external service
    /// a protocol violation). The subscriber's most recent entry is the one removed.
    /// </summary>
    /// <param name="fullPattern">The full pattern (prefix already applied).</param>
    /// <param name="subscriber">The subscriber.</param>
    public bool Unsubscribe(string fullPattern, TSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(fullPattern);
        lock (_gate)
        {
            if (!_bySubscriber.TryGetValue(subscriber, out Dictionary<string, int>? held)
                || !held.TryGetValue(fullPattern, out int count))
            {
                return false;
            }

            if (count == 1)
            {
                held.Remove(fullPattern);
                if (held.Count == 0)
                {
                    _bySubscriber.Remove(subscriber);
                }
            }
            else
            {
                held[fullPattern] = count - 1;
            }

            SubscriptionSnapshot<TSubscriber> current = _snapshot;
            current.Patterns.TryGetValue(fullPattern, out ImmutableArray<Subscription<TSubscriber>> entries);
            int last = entries.Length - 1;
            while (!_comparer.Equals(entries[last].Subscriber, subscriber))
            {
                last--;
            }

            entries = entries.RemoveAt(last);
            Publish(
                entries.IsEmpty ? current.Patterns.Remove(fullPattern) : current.Patterns.SetItem(fullPattern, entries),
                current.Count - 1);
            return true;
        }
    }

    /// <summary>
    /// Removes every entry of <paramref name="subscriber"/> (it terminated, crashed or was
    /// removed) and returns how many there were.
    /// </summary>
    /// <param name="subscriber">The subscriber.</param>
    public int RemoveSubscriber(TSubscriber subscriber)
    {
        lock (_gate)
        {
            if (!_bySubscriber.Remove(subscriber, out Dictionary<string, int>? held))
            {
                return 0;
            }

            SubscriptionSnapshot<TSubscriber> current = _snapshot;
            PatternTrie<ImmutableArray<Subscription<TSubscriber>>> patterns = current.Patterns;
            int removed = 0;
            foreach ((string pattern, int count) in held)
            {
                patterns.TryGetValue(pattern, out ImmutableArray<Subscription<TSubscriber>> entries);
                ImmutableArray<Subscription<TSubscriber>> kept =
                    entries.RemoveAll(entry => _comparer.Equals(entry.Subscriber, subscriber));
                patterns = kept.IsEmpty ? patterns.Remove(pattern) : patterns.SetItem(pattern, kept);
                removed += count;
            }

            Publish(patterns, current.Count - removed);
            return removed;
        }
    }

    /// <summary>
    /// <c>subscribe_count</c>: the entries <paramref name="subscriber"/> holds for exactly
    /// <paramref name="fullPattern"/>, read from this authoritative registry.
    /// </summary>
    /// <param name="fullPattern">The full pattern (prefix already applied).</param>
    /// <param name="subscriber">The subscriber.</param>
    public int SubscribeCount(string fullPattern, TSubscriber subscriber) =>
        Snapshot.SubscribeCount(fullPattern, subscriber);

    /// <summary>
    /// The full patterns <paramref name="subscriber"/> holds, one element per entry
    /// (<c>service_subscriptions</c>).
    /// </summary>
    /// <param name="subscriber">The subscriber.</param>
    public IReadOnlyList<string> PatternsOf(TSubscriber subscriber)
    {
        lock (_gate)
        {
            if (!_bySubscriber.TryGetValue(subscriber, out Dictionary<string, int>? held))
            {
                return [];
            }

            var patterns = new List<string>();
            foreach ((string pattern, int count) in held)
            {
                patterns.AddRange(Enumerable.Repeat(pattern, count));
            }

            return patterns;
        }
    }

    private void Publish(PatternTrie<ImmutableArray<Subscription<TSubscriber>>> patterns, int count) =>
        Volatile.Write(ref _snapshot, new SubscriptionSnapshot<TSubscriber>(patterns, _comparer, count));
}
