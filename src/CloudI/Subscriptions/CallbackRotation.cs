namespace CloudI.Subscriptions;

/// <summary>
/// The library side of repeated subscriptions within one external thread (§2): the callbacks
/// subscribed to one pattern are invoked round-robin, first subscribed first, and an
/// unsubscribe removes the callback that would have been invoked next. One instance belongs to
/// one thread's dispatcher, so it is not thread-safe.
/// </summary>
/// <typeparam name="TCallback">The callback type.</typeparam>
public sealed class CallbackRotation<TCallback>
{
    private readonly Dictionary<string, Ring> _rings = new(StringComparer.Ordinal);

    /// <summary>Appends <paramref name="callback"/> to the rotation of <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The full pattern the runtime delivers.</param>
    /// <param name="callback">The callback subscribed.</param>
    public void Add(string pattern, TCallback callback)
    {
        if (!_rings.TryGetValue(pattern, out Ring? ring))
        {
            ring = new Ring();
            _rings.Add(pattern, ring);
        }

        ring.Callbacks.Add(callback);
    }

    /// <summary>The number of callbacks subscribed to <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The full pattern.</param>
    public int Count(string pattern) => _rings.TryGetValue(pattern, out Ring? ring) ? ring.Callbacks.Count : 0;

    /// <summary>The callback to invoke for a request delivered with <paramref name="pattern"/>, advancing the rotation.</summary>
    /// <param name="pattern">The full pattern the request came with.</param>
    /// <param name="callback">The callback when the pattern has any.</param>
    public bool TryNext(string pattern, out TCallback callback)
    {
        if (!_rings.TryGetValue(pattern, out Ring? ring))
        {
            callback = default!;
            return false;
        }

        callback = ring.Callbacks[ring.Next];
        ring.Next = (ring.Next + 1) % ring.Callbacks.Count;
        return true;
    }

    /// <summary>Removes the callback that would be invoked next for <paramref name="pattern"/>; false when there is none.</summary>
    /// <param name="pattern">The full pattern.</param>
    public bool RemoveNext(string pattern)
    {
        if (!_rings.TryGetValue(pattern, out Ring? ring))
        {
            return false;
        }

        ring.Callbacks.RemoveAt(ring.Next);
        if (ring.Callbacks.Count == 0)
        {
            _rings.Remove(pattern);
        }
        else if (ring.Next == ring.Callbacks.Count)
        {
            ring.Next = 0;
        }

        return true;
    }

    private sealed class Ring
    {
        public List<TCallback> Callbacks { get; } = [];

        public int Next { get; set; }
    }
}
