namespace CloudI.Subscriptions;

/// <summary>
/// The lookups of one <see cref="SubscriptionSnapshot{TSubscriber}"/>, remembered by name: the
/// snapshot never changes, so neither does the winning pattern of a name, and a sender
/// repeating a name (the usual case) skips the trie walk and its allocations. A small hashed
/// table of immutable entries: bounded memory whatever names come in (a collision replaces the
/// slot), lock-free reads, and a race only costs a miss.
/// </summary>
/// <typeparam name="TSubscriber">The subscriber identity.</typeparam>
internal sealed class LookupCache<TSubscriber>
    where TSubscriber : notnull
{
    private const int Slots = 256;

    private readonly Entry?[] _slots = new Entry?[Slots];

    /// <summary>The remembered result for <paramref name="name"/> (which may be "no match").</summary>
    public bool TryGet(string name, out PatternSubscribers<TSubscriber>? found)
    {
        Entry? entry = Volatile.Read(ref _slots[Slot(name)]);
        if (entry is not null && string.Equals(entry.Name, name, StringComparison.Ordinal))
        {
            found = entry.Found;
            return true;
        }

        found = null;
        return false;
    }

    /// <summary>Remembers the result for <paramref name="name"/>, replacing whatever shared its slot.</summary>
    public void Add(string name, PatternSubscribers<TSubscriber>? found) =>
        Volatile.Write(ref _slots[Slot(name)], new Entry(name, found));

    private static int Slot(string name) => name.GetHashCode() & (Slots - 1);

    private sealed record Entry(string Name, PatternSubscribers<TSubscriber>? Found);
}
