using System.Runtime.InteropServices;

namespace CloudI.External.Spawning;

/// <summary>
/// Everything needed to start one external-service OS process: the already-expanded command
/// line and environment (protocol spec §1.3–§1.5), the child ends of its thread sockets and
/// the <c>directory</c>/<c>limit</c>/<c>owner</c>/<c>nice</c> options.
/// </summary>
public sealed record SpawnRequest
{
    /// <summary>The file to execute (not searched in PATH; relative = relative to the working directory).</summary>
    public required string ExecutablePath { get; init; }

    /// <summary>The complete argv, argv[0] included (normally <see cref="ExecutablePath"/>).
    /// With <c>limit</c>/<c>owner</c>/<c>nice</c> the helper tools exec the target with
    /// argv[0] = <see cref="ExecutablePath"/>, so a different argv[0] is not preserved then.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The child's whole environment as <c>KEY=VALUE</c> strings; nothing is inherited.</summary>
    public required IReadOnlyList<string> Environment { get; init; }

    /// <summary>Child ends of the thread sockets: entry i becomes fd <c>3 + i</c> in the child.
    /// Spawn closes them in this process once it returns or throws (they belong to the child).</summary>
    public IReadOnlyList<SafeHandle> ThreadDescriptors { get; init; } = [];

    /// <summary>The <c>directory</c> option: the child's working directory; null inherits the runtime's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The <c>limit</c> option (rlimits, applied by <c>prlimit</c>).</summary>
    public IReadOnlyList<ResourceLimit> Limits { get; init; } = [];

    /// <summary>The <c>owner</c> option (applied by <c>setpriv</c>).</summary>
    public ProcessOwner? Owner { get; init; }

    /// <summary>The <c>nice</c> option: the child's absolute nice value (-20..19), applied by <c>nice</c>.</summary>
    public int? Nice { get; init; }

    /// <summary>Optional extra sink for stdout/stderr lines (they are always logged too).
    /// Runs on the process's monitor thread: keep it short and non-blocking.</summary>
    public OutputLineHandler? OutputLine { get; init; }
}
