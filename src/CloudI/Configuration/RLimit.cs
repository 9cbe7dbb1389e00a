namespace CloudI.Configuration;

/// <summary>
/// One <c>limit</c> entry of an external service: a <c>setrlimit</c> resource and the soft
/// (<see cref="Current"/>) and hard (<see cref="Maximum"/>) values to set; null means infinity.
/// </summary>
/// <param name="Resource">The resource name as configured (<c>as</c>, <c>core</c>, … <c>vmem</c>).</param>
/// <param name="Current">The soft limit, null for infinity.</param>
/// <param name="Maximum">The hard limit, null for infinity.</param>
public sealed record RLimit(string Resource, ulong? Current, ulong? Maximum)
{
    /// <summary>The resource names CloudI 1.5.3 accepts.</summary>
    public static IReadOnlyList<string> ResourceNames { get; } =
    [
        "as", "core", "cpu", "data", "fsize", "memlock", "msgqueue", "nice",
        "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "vmem",
    ];

    /// <summary>
    /// False when the soft limit was not given (list form without <c>current</c>), so the
    /// launcher keeps it instead of setting infinity.
    /// </summary>
    public bool SetsCurrent { get; init; } = true;

    /// <summary>
    /// False when the hard limit was not given (a bare value, or a list without
    /// <c>maximum</c>), so the launcher keeps it instead of setting infinity.
    /// </summary>
    public bool SetsMaximum { get; init; } = true;
}
