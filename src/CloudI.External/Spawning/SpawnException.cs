namespace CloudI.External.Spawning;

/// <summary>
/// The OS process could not be started. <see cref="Reason"/> is a short token in the reference
/// runtime's style (<c>exec_ENOENT</c>, <c>chdir_ENOENT</c>, <c>setpriv_missing</c>); the runtime
/// treats it like a service that failed to initialize (restart rules apply).
/// </summary>
public sealed class SpawnException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpawnException(string reason, string message, int errno = 0)
        : base($"spawn error {reason}: {message}")
    {
        Reason = reason;
        Errno = errno;
    }

    /// <summary>Short machine-readable reason (<c>exec_ENOENT</c>).</summary>
    public string Reason { get; }

    /// <summary>The errno behind the failure, or 0.</summary>
    public int Errno { get; }
}
