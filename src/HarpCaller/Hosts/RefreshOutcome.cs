namespace HarpCaller.Hosts;

/// <summary>The result of one refresh of the hosts registry (an expected outcome, not an exception).</summary>
public sealed record RefreshOutcome
{
    /// <summary>How the refresh ended.</summary>
    public required RefreshStatus Status { get; init; }

    /// <summary>Number of hosts now in the registry (<see cref="RefreshStatus.Succeeded"/> only, else 0).</summary>
    public int HostCount { get; init; }

    /// <summary>Output lines that were not accepted (malformed, too long, incomplete).</summary>
    public int IgnoredLines { get; init; }

    /// <summary>The script's exit code (<see cref="RefreshStatus.Succeeded"/> and <see cref="RefreshStatus.Failed"/>).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that killed the script (<see cref="RefreshStatus.Crashed"/>).</summary>
    public int? Signal { get; init; }

    /// <summary>False when the script succeeded but writing <c>host_db</c> failed (the new registry is in force in memory only).</summary>
    public bool Persisted { get; init; }

    internal static RefreshOutcome Of(RefreshStatus status) => new() { Status = status };
}
