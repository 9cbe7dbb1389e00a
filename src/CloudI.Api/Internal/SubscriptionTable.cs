using System.Text;

namespace CloudI.Api.Internal;

/// <summary>
/// The handlers of one thread keyed by full pattern (prefix + pattern). Handlers of the same
/// pattern take turns, first subscribed first; unsubscribing removes the one whose turn is
/// next (§1.3/§1.5 of the API document). Lookup compares the UTF-8 bytes of the SEND_* pattern,
/// so delivering a request allocates no pattern string.
/// </summary>
internal sealed class SubscriptionTable
{
    private readonly List<Entry> _entries = [];

    public void Add(string fullPattern, RequestHandler handler)
    {
        Entry? entry = Find(fullPattern);
        if (entry is null)
        {
            entry = new Entry(fullPattern);
            _entries.Add(entry);
        }

        entry.Handlers.Enqueue(handler);
    }

    /// <summary>Removes the next handler of the pattern; false if there is none.</summary>
    public bool Remove(string fullPattern)
    {
        Entry? entry = Find(fullPattern);
        if (entry is null)
        {
            return false;
        }

        entry.Handlers.Dequeue();
        if (entry.Handlers.Count == 0)
        {
            _entries.Remove(entry);
        }

        return true;
    }

    /// <summary>The handler whose turn it is for <paramref name="pattern"/>, rotating the turn.</summary>
    public bool TryNext(ReadOnlySpan<byte> pattern, out string patternText, out RequestHandler handler)
    {
        foreach (Entry entry in _entries)
        {
            if (pattern.SequenceEqual(entry.Utf8))
            {
                handler = entry.Handlers.Dequeue();
                entry.Handlers.Enqueue(handler);
                patternText = entry.Pattern;
                return true;
            }
        }

        patternText = string.Empty;
        handler = null!;
        return false;
    }

    private Entry? Find(string fullPattern)
    {
        foreach (Entry entry in _entries)
        {
            if (entry.Pattern == fullPattern)
            {
                return entry;
            }
        }

        return null;
    }

    private sealed class Entry(string pattern)
    {
        public string Pattern { get; } = pattern;

        public byte[] Utf8 { get; } = Encoding.UTF8.GetBytes(pattern);

        public Queue<RequestHandler> Handlers { get; } = new();
    }
}
