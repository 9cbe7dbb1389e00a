namespace CloudI.External.Spawning;

/// <summary>
/// A running external-service OS process. Its stdout/stderr lines are logged (stdout at
/// Information, stderr at Error, tagged with the OS pid) and passed to
/// <see cref="SpawnRequest.OutputLine"/>; its exit is reaped and logged
/// (<c>OS pid N exited with status S</c> / <c>with SIGKILL</c>).
/// </summary>
public sealed class SpawnedProcess : IAsyncDisposable
{
    private readonly ProcessMonitor _monitor;
    private int _disposed;

    internal SpawnedProcess(int pid, FileDescriptorHandle stdout, FileDescriptorHandle stderr,
        Microsoft.Extensions.Logging.ILogger logger, OutputLineHandler? handler)
    {
        Pid = pid;
        _monitor = new ProcessMonitor(pid, stdout, stderr, logger, handler);
        _monitor.Start();
    }

    /// <summary>The OS pid.</summary>
    public int Pid { get; }

    /// <summary>Completes when the process has exited and was reaped (a C# runtime treats this like
    /// a socket close, spec §6.8). Output written before the exit has been delivered by then.</summary>
    public Task<ExitStatus> Exited => _monitor.Exited;

    /// <summary>True once <see cref="Exited"/> has completed.</summary>
    public bool HasExited => _monitor.Exited.IsCompleted;

    /// <summary>Sends a signal (<see cref="UnixSignals.SIGTERM"/>, <see cref="UnixSignals.SIGKILL"/>).
    /// Returns false when the process has already been reaped; never signals a recycled pid.</summary>
    public bool Kill(int signal = UnixSignals.SIGKILL) => _monitor.Signal(signal);

    /// <summary>
    /// SIGKILLs the process if it is still running, waits until it is reaped, stops relaying
    /// output (a grandchild may still hold the pipes) and releases the descriptors.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (!HasExited) Kill(UnixSignals.SIGKILL);
            await Exited.ConfigureAwait(false);
            _monitor.RequestStop();
            await _monitor.Completed.ConfigureAwait(false);
            _monitor.ReleaseWakeHandle();
        }
        else
        {
            await _monitor.Completed.ConfigureAwait(false);
        }
    }
}
