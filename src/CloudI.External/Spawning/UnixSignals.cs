namespace CloudI.External.Spawning;

/// <summary>Linux signal numbers used with <see cref="SpawnedProcess.Kill"/> and their names for logs.</summary>
public static class UnixSignals
{
    /// <summary>SIGKILL (9): immediate, cannot be caught.</summary>
    public const int SIGKILL = 9;

    /// <summary>SIGTERM (15): polite termination request.</summary>
    public const int SIGTERM = 15;

    private static readonly string[] Names =
    [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>The name of a signal (<c>SIGKILL</c>), or <c>SIGRTn</c>/<c>signal_n</c>.</summary>
    public static string Name(int signal) =>
        signal > 0 && signal < Names.Length ? Names[signal]
        : signal >= 34 && signal <= 64 ? $"SIGRTMIN+{signal - 34}"
        : $"signal_{signal}";
}
