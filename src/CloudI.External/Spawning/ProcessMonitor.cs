using Microsoft.Extensions.Logging;

namespace CloudI.External.Spawning;

/// <summary>
/// One dedicated thread per child that relays its stdout/stderr lines and reaps it.
/// <para>
/// Why this design: a global <c>waitpid(-1)</c> reaper would steal exit statuses from .NET's
/// own <c>Process</c> class (and vice versa .NET only reaps the pids it started, so waiting
/// for our specific pid is safe). Pipe reads through <c>FileStream</c>/<c>PipeStream</c> on
/// Unix block thread-pool threads for the life of the child. So the thread polls three
/// descriptors: a pidfd (Linux ≥ 5.3, readable once the child exits), the two non-blocking
/// pipe read ends, plus an eventfd used to wake it for disposal; on pidfd readiness it calls
/// <c>waitpid(pid, WNOHANG)</c>. Without pidfd support it falls back to a 20 ms poll timeout
/// with <c>waitpid(pid, WNOHANG)</c>. Reaping happens under a lock that <see cref="Signal"/>
/// also takes, so a signal can never reach a recycled pid.
/// </para>
/// </summary>
internal sealed unsafe class ProcessMonitor
{
    private const int FallbackPollMilliseconds = 20;
    private const int ReadBufferSize = 65536;
    private const int MaxReadsPerWakeup = 16;
    private const int MaxDrainReads = 1024;

    private readonly int _pid;
    private readonly ILogger _logger;
    private readonly OutputLineHandler? _handler;
    private readonly object _gate = new();
    private readonly FileDescriptorHandle? _pidfd;
    private readonly FileDescriptorHandle _wake;
    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly OutputLineSplitter _stdoutLines;
    private readonly OutputLineSplitter _stderrLines;
    private FileDescriptorHandle? _stdout;
    private FileDescriptorHandle? _stderr;
    private bool _reaped;
    private volatile bool _stopRequested;

    public ProcessMonitor(int pid, FileDescriptorHandle stdout, FileDescriptorHandle stderr,
        ILogger logger, OutputLineHandler? handler)
    {
        _pid = pid;
        _stdout = stdout;
        _stderr = stderr;
        _logger = logger;
        _handler = handler;
        _pidfd = OpenPidFd(pid);
        int wake = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wake < 0)
        {
            int errno = Libc.LastErrno;
            _pidfd?.Dispose();
            throw Libc.Failure("eventfd", errno);
        }
        _wake = new FileDescriptorHandle(wake);
        _stdoutLines = new OutputLineSplitter(line => Deliver(OutputStream.Stdout, line));
        _stderrLines = new OutputLineSplitter(line => Deliver(OutputStream.Stderr, line));
    }

    /// <summary>Completes once the child is reaped and the output written before its exit is delivered.</summary>
    public Task<ExitStatus> Exited => _exited.Task;

    /// <summary>Completes when the monitor thread has ended and closed its descriptors.</summary>
    public Task Completed => _completed.Task;

    public void Start()
    {
        var thread = new Thread(Run, maxStackSize: 256 * 1024)
        {
            IsBackground = true,
            Name = $"cloudi-os-pid-{_pid}",
        };
        thread.Start();
    }

    /// <summary>Sends <paramref name="signal"/> unless the child was already reaped.</summary>
    public bool Signal(int signal)
    {
        lock (_gate)
        {
            if (_reaped) return false;
            if (Libc.Kill(_pid, signal) == 0) return true;
            int errno = Libc.LastErrno;
            if (errno == Libc.ESRCH) return false;
            throw Libc.Failure("kill", errno);
        }
    }

    /// <summary>Stops relaying output (after the exit) and ends the thread.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        bool added = false;
        try
        {
            _wake.DangerousAddRef(ref added);
            ulong one = 1;
            Libc.Write(_wake.Fd, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added) _wake.DangerousRelease();
        }
    }

    /// <summary>Releases the wake-up descriptor; call after <see cref="Completed"/>.</summary>
    public void ReleaseWakeHandle() => _wake.Dispose();

    /// <summary>Test hook: use the 20 ms polling fallback even where pidfd works.</summary>
    internal static bool DisablePidFd { get; set; }

    private static FileDescriptorHandle? OpenPidFd(int pid)
    {
        if (DisablePidFd) return null;
        try
        {
            int fd = Libc.PidFdOpen(pid, 0);
            return fd >= 0 ? new FileDescriptorHandle(fd) : null; // ENOSYS etc.: poll instead
        }
        catch (EntryPointNotFoundException)
        {
            return null; // glibc < 2.36
        }
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        catch (Exception ex)
        {
            SpawnLog.MonitorFailed(_logger, _pid, ex);
            if (!_exited.Task.IsCompleted) ReapBlocking();
        }
        finally
        {
            _stdoutLines.Flush();
            _stderrLines.Flush();
            _stdout?.Dispose();
            _stderr?.Dispose();
            _pidfd?.Dispose();
            _completed.TrySetResult();
        }
    }

    private void Loop()
    {
        byte[] buffer = new byte[ReadBufferSize];
        Libc.PollFd* fds = stackalloc Libc.PollFd[4];
        bool exited = false;
        while (true)
        {
            if (exited && (_stopRequested || (_stdout is null && _stderr is null))) return;

            int n = 0;
            fds[n++] = new Libc.PollFd { Fd = _wake.Fd, Events = Libc.POLLIN };
            int pidIndex = -1, outIndex = -1, errIndex = -1;
            if (!exited && _pidfd is not null) { pidIndex = n; fds[n++] = new Libc.PollFd { Fd = _pidfd.Fd, Events = Libc.POLLIN }; }
            if (_stdout is not null) { outIndex = n; fds[n++] = new Libc.PollFd { Fd = _stdout.Fd, Events = Libc.POLLIN }; }
            if (_stderr is not null) { errIndex = n; fds[n++] = new Libc.PollFd { Fd = _stderr.Fd, Events = Libc.POLLIN }; }
            int timeout = !exited && _pidfd is null ? FallbackPollMilliseconds : -1;

            if (Libc.Poll(fds, (nuint)n, timeout) < 0)
            {
                int errno = Libc.LastErrno;
                if (errno == Libc.EINTR) continue;
                throw Libc.Failure("poll", errno);
            }

            if (fds[0].Revents != 0)
            {
                ulong value;
                Libc.Read(_wake.Fd, (byte*)&value, sizeof(ulong));
            }
            if (outIndex >= 0 && fds[outIndex].Revents != 0) Pump(ref _stdout, _stdoutLines, buffer, MaxReadsPerWakeup);
            if (errIndex >= 0 && fds[errIndex].Revents != 0) Pump(ref _stderr, _stderrLines, buffer, MaxReadsPerWakeup);

            bool check = !exited && (_pidfd is null || (pidIndex >= 0 && fds[pidIndex].Revents != 0));
            if (check && TryReap(out var status))
            {
                // Deliver what the child wrote before it exited, then report the exit.
                Pump(ref _stdout, _stdoutLines, buffer, MaxDrainReads);
                Pump(ref _stderr, _stderrLines, buffer, MaxDrainReads);
                exited = true;
                Complete(status);
            }
            else if (check && _pidfd is not null)
            {
                Thread.Sleep(1); // pidfd readable but not yet waitable: avoid spinning
            }
        }
    }

    private bool TryReap(out ExitStatus status)
    {
        lock (_gate)
        {
            while (true)
            {
                int raw;
                int result = Libc.WaitPid(_pid, &raw, Libc.WNOHANG);
                if (result == _pid) { _reaped = true; status = ExitStatus.FromWaitStatus(raw); return true; }
                if (result == 0) { status = default; return false; }
                int errno = Libc.LastErrno;
                if (errno == Libc.EINTR) continue;
                // ECHILD: someone else reaped it (e.g. SIGCHLD ignored by the host).
                _reaped = true;
                status = ExitStatus.Unknown;
                return true;
            }
        }
    }

    private void ReapBlocking()
    {
        ExitStatus status;
        while (!TryReap(out status)) Thread.Sleep(FallbackPollMilliseconds);
        Complete(status);
    }

    private void Complete(ExitStatus status)
    {
        if (status.Code == 0) SpawnLog.ExitedNormally(_logger, _pid, status);
        else SpawnLog.ExitedAbnormally(_logger, _pid, status);
        _exited.TrySetResult(status);
    }

    /// <summary>Reads what is available (up to <paramref name="maxReads"/> chunks); closes the pipe at EOF.</summary>
    private static void Pump(ref FileDescriptorHandle? pipe, OutputLineSplitter lines, byte[] buffer, int maxReads)
    {
        if (pipe is null) return;
        fixed (byte* p = buffer)
        {
            for (int i = 0; i < maxReads; i++)
            {
                nint n = Libc.Read(pipe.Fd, p, (nuint)buffer.Length);
                if (n > 0) { lines.Feed(buffer.AsSpan(0, (int)n)); continue; }
                int errno = n < 0 ? Libc.LastErrno : 0;
                if (n < 0 && errno == Libc.EINTR) continue;
                if (n < 0 && errno == Libc.EAGAIN) return;
                lines.Flush(); // EOF (or a read error, treated alike)
                pipe.Dispose();
                pipe = null;
                return;
            }
        }
    }

    private void Deliver(OutputStream stream, string line)
    {
        if (stream == OutputStream.Stdout) SpawnLog.Stdout(_logger, _pid, line);
        else SpawnLog.Stderr(_logger, _pid, line);
        if (_handler is null) return;
        try
        {
            _handler(_pid, stream, line);
        }
        catch (Exception ex)
        {
            SpawnLog.HandlerFailed(_logger, _pid, ex);
        }
    }
}
