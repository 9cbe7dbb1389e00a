namespace CloudI.External.Spawning;

/// <summary>
/// One entry of the <c>limit</c> service option: a setrlimit(2) resource with a soft
/// (<c>current</c>) and/or hard (<c>maximum</c>) value. Applied through <c>prlimit</c>
/// because posix_spawn cannot set rlimits.
/// </summary>
/// <param name="Resource">The seed's resource name: as, core, cpu, data, fsize, memlock, msgqueue,
/// nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack, vmem (= as).</param>
/// <param name="Current">Soft limit; null keeps the inherited one; <see cref="Infinity"/> = unlimited.</param>
/// <param name="Maximum">Hard limit; null keeps the inherited one; <see cref="Infinity"/> = unlimited.</param>
public sealed record ResourceLimit(string Resource, ulong? Current, ulong? Maximum = null)
{
    /// <summary>RLIM_INFINITY (the option value <c>infinity</c>).</summary>
    public const ulong Infinity = ulong.MaxValue;

    private static readonly Dictionary<string, string> PrlimitOptions = new(StringComparer.Ordinal)
    {
        ["as"] = "as", ["vmem"] = "as", ["core"] = "core", ["cpu"] = "cpu", ["data"] = "data",
        ["fsize"] = "fsize", ["memlock"] = "memlock", ["msgqueue"] = "msgqueue", ["nice"] = "nice",
        ["nofile"] = "nofile", ["nproc"] = "nproc", ["rss"] = "rss", ["rtprio"] = "rtprio",
        ["rttime"] = "rttime", ["sigpending"] = "sigpending", ["stack"] = "stack",
    };

    /// <summary>The resource names the seed's <c>limit</c> option accepts.</summary>
    public static IReadOnlyCollection<string> ResourceNames => PrlimitOptions.Keys;

    /// <summary>The <c>prlimit</c> argument (<c>--nofile=64:128</c>), or null when nothing is set.</summary>
    internal string? ToPrlimitArgument()
    {
        if (!PrlimitOptions.TryGetValue(Resource, out var option))
            throw new SpawnException("limit_invalid", $"unknown limit resource '{Resource}'");
        if (Current is null && Maximum is null) return null;
        return $"--{option}={Format(Current)}:{Format(Maximum)}";
    }

    private static string Format(ulong? value) => value switch
    {
        null => "",
        Infinity => "unlimited",
        _ => value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
