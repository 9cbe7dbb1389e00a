namespace HarpCaller.Hosts.Internal;

/// <summary>How one run of the filler script ended.</summary>
/// <param name="Status">The outcome; only <see cref="RefreshStatus.Succeeded"/> carries hosts.</param>
/// <param name="Hosts">The accepted hosts (exit status 0 only).</param>
/// <param name="IgnoredLines">Output lines not accepted.</param>
/// <param name="ExitCode">The exit code when the script exited by itself.</param>
/// <param name="Signal">The signal that killed it (<see cref="RefreshStatus.Crashed"/>).</param>
internal sealed record ScriptRunResult(
    RefreshStatus Status,
    IReadOnlyDictionary<string, HostEntry>? Hosts = null,
    int IgnoredLines = 0,
    int? ExitCode = null,
    int? Signal = null);
