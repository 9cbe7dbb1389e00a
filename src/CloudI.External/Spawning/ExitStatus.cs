namespace CloudI.External.Spawning;

/// <summary>
/// How a child ended: an exit code, a terminating signal, or unknown (someone else reaped it,
/// e.g. when the host ignores SIGCHLD).
/// </summary>
public readonly record struct ExitStatus
{
    private ExitStatus(int? code, int? signal, bool coreDumped)
    {
        Code = code;
        Signal = signal;
        CoreDumped = coreDumped;
    }

    /// <summary>The exit code (0..255) when the child called exit.</summary>
    public int? Code { get; }

    /// <summary>The signal number when a signal killed the child.</summary>
    public int? Signal { get; }

    /// <summary>True when the signal produced a core dump.</summary>
    public bool CoreDumped { get; }

    /// <summary>True when neither code nor signal is known.</summary>
    public bool IsUnknown => Code is null && Signal is null;

    /// <summary>The child exited with <paramref name="code"/>.</summary>
    public static ExitStatus Exited(int code) => new(code, null, false);

    /// <summary>The child was killed by <paramref name="signal"/>.</summary>
    public static ExitStatus Signaled(int signal, bool coreDumped = false) => new(null, signal, coreDumped);

    /// <summary>The status could not be collected.</summary>
    public static ExitStatus Unknown => default;

    /// <summary>Decodes a waitpid(2) status word.</summary>
    internal static ExitStatus FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? Exited((status >> 8) & 0xff)
        : Signaled(status & 0x7f, (status & 0x80) != 0);

    /// <summary><c>status 0</c>, <c>SIGKILL</c> or <c>unknown status</c> (log wording of the reference).</summary>
    public override string ToString() =>
        Code is int code ? $"status {code}"
        : Signal is int signal ? UnixSignals.Name(signal) + (CoreDumped ? " (core dumped)" : "")
        : "unknown status";
}
