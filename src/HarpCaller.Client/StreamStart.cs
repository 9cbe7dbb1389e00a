namespace HarpCaller.Client;

/// <summary>
/// Where a stream request starts: <see cref="Since"/> (absolute packet index), <see cref="Recent"/>
/// (the last N recorded packets), or <c>default</c>, which sends neither key and so takes the
/// request's own default (follow: only new packets; read: the whole stream).
/// </summary>
public readonly record struct StreamStart
{
    private StreamStart(string? key, long value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The protocol key, <c>"since"</c> or <c>"recent"</c>; <c>null</c> for the default.</summary>
    public string? Key { get; }

    /// <summary>The key's value.</summary>
    public long Value { get; }

    /// <summary>Start at packet <paramref name="index"/> (0 = the whole stream).</summary>
    public static StreamStart Since(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new StreamStart("since", index);
    }

    /// <summary>Start with the last <paramref name="count"/> recorded packets.</summary>
    public static StreamStart Recent(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new StreamStart("recent", count);
    }
}
