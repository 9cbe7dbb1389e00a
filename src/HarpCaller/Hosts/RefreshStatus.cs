namespace HarpCaller.Hosts;

/// <summary>How one refresh of the hosts registry ended.</summary>
public enum RefreshStatus
{
    /// <summary>The script exited with 0; the registry was replaced by its accepted lines.</summary>
    Succeeded,

    /// <summary>The script exited with a non-zero code; the registry is unchanged.</summary>
    Failed,

    /// <summary>The script was killed by a signal; the registry is unchanged.</summary>
    Crashed,

    /// <summary>The script exceeded its time limit and was killed; the registry is unchanged.</summary>
    TimedOut,

    /// <summary>The script could not be started (missing, not executable); the registry is unchanged.</summary>
    StartFailed,

    /// <summary>The script wrote more than the output cap and was killed; the registry is unchanged.</summary>
    OutputTooLarge,

    /// <summary>No script is configured; nothing ran.</summary>
    SkippedNoScript,

    /// <summary>The registry was disposed while the script ran; the script was killed.</summary>
    Aborted,

    /// <summary>An unexpected error in the dispatcher itself; logged; the registry is unchanged.</summary>
    Faulted,
}
