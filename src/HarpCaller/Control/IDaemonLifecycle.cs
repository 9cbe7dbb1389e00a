namespace HarpCaller.Control;

/// <summary>
/// The daemon-level actions behind the control socket that the engine cannot do itself: the
/// executable owns the configuration file, the logging and the process's life.
/// </summary>
public interface IDaemonLifecycle
{
    /// <summary>True once a stop has begun.</summary>
    bool Stopping { get; }

    /// <summary>Begins a graceful stop (idempotent) and returns the daemon's process id.</summary>
    int RequestStop();

    /// <summary>Re-reads the configuration file and applies it; the old one stays in force on error.</summary>
    Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Closes and reopens the log file (for logrotate); a no-op without one.</summary>
    void ReopenLogs();
}

/// <summary>The result of a reload: an error (nothing applied) or the keys that only a restart changes.</summary>
public sealed record ReloadOutcome(string? Error, IReadOnlyList<string> RestartRequired)
{
    /// <summary>A reload that failed; the running configuration is untouched.</summary>
    public static ReloadOutcome Failed(string error) => new(error, []);
}
