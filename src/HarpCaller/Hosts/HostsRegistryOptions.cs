using HarpCaller.Configuration;

namespace HarpCaller.Hosts;

/// <summary>
/// Settings of the <see cref="HostsRegistry"/>: the three configuration keys plus caps on
/// what the filler script may produce.
/// </summary>
/// <param name="Script">Path of <c>host_db_script</c>, executed directly; null = no script (the registry comes from <c>host_db</c> only).</param>
/// <param name="HostDbPath">Path of <c>host_db</c>, where the registry is persisted.</param>
/// <param name="Refresh"><c>host_db_refresh</c>: period of running the script.</param>
public sealed record HostsRegistryOptions(string? Script, string HostDbPath, TimeSpan Refresh)
{
    /// <summary>Longest timer period a <see cref="TimeProvider"/> timer accepts (about 49.7 days).</summary>
    private static readonly TimeSpan MaxRefresh = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Floor of the default script time limit: a short refresh period must not kill a script that merely takes a while.</summary>
    private static readonly TimeSpan MinDefaultScriptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Time limit of one script run; null (default) = the larger of <see cref="Refresh"/> and 60 s.
    /// A script still running after it is killed (with its process tree) and the registry is left as it was.
    /// </summary>
    public TimeSpan? ScriptTimeout { get; init; }

    /// <summary>
    /// Longest accepted output line in bytes (default 64 KiB); longer lines are ignored.
    /// A host line is a few hundred bytes; the cap bounds memory per line.
    /// </summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Cap on the script's total standard output in bytes (default 64 MiB, a few hundred thousand hosts).
    /// A script exceeding it is killed and the run fails: a truncated list would silently drop hosts.
    /// </summary>
    public long MaxOutputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How much of the script's standard error is logged (debug level), in bytes (default 4 KiB);
    /// the rest is read and discarded so the script never blocks on a full pipe.
    /// </summary>
    public int MaxStderrLogBytes { get; init; } = 4 * 1024;

    /// <summary>The script time limit in force: <see cref="ScriptTimeout"/> or its default.</summary>
    public TimeSpan EffectiveScriptTimeout =>
        ScriptTimeout ?? (Refresh > MinDefaultScriptTimeout ? Refresh : MinDefaultScriptTimeout);

    /// <summary>Builds the registry settings from the dispatcher's configuration.</summary>
    /// <param name="options">The validated configuration.</param>
    public static HostsRegistryOptions FromConfiguration(HarpCallerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HostsRegistryOptions(options.HostDbScript, options.HostDb, options.HostDbRefresh);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (Script is { Length: 0 })
        {
            throw new ArgumentException("The hosts registry script path must not be empty (use null for no script).", nameof(Script));
        }

        if (string.IsNullOrEmpty(HostDbPath))
        {
            throw new ArgumentException("The hosts registry file path must not be empty.", nameof(HostDbPath));
        }

        if (Refresh <= TimeSpan.Zero || Refresh > MaxRefresh)
        {
            throw new ArgumentOutOfRangeException(nameof(Refresh), Refresh, "The refresh period must be positive and at most 49 days.");
        }

        if (ScriptTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxRefresh))
        {
            throw new ArgumentOutOfRangeException(nameof(ScriptTimeout), timeout, "The script time limit must be positive and at most 49 days.");
        }

        if (MaxLineBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLineBytes), MaxLineBytes, "Must be positive.");
        }

        if (MaxOutputBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputBytes), MaxOutputBytes, "Must be positive.");
        }

        if (MaxStderrLogBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStderrLogBytes), MaxStderrLogBytes, "Must not be negative.");
        }
    }
}
