using System.Net.Sockets;
using CloudI.External.Launch;
using CloudI.External.Protocol;
using CloudI.External.Spawning;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Hosting;

/// <summary>
/// One OS process of an external service (one <c>process_index</c>) with its threads. Any
/// thread failing (socket closed, protocol violation, missed keepalive) or the process exiting
/// fails the whole OS process; the service instance decides about the restart (§6.8).
/// </summary>
internal sealed class ExternalOsProcess
{
    private readonly List<ExternalThread> _threads = [];
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _log;
    private SpawnedProcess? _os;
    private int _failed;
    private int _terminated;

    // Who handles a failure: StartAsync while initialising (its caller retries under the restart
    // rules), the instance's restart once running. Exactly one of them, whatever the timing:
    // a failure during initialisation, reported to the instance as well, started two
    // replacement processes for one slot.
    private const int Initialising = 0, Running = 1, FailedInitialising = 2;
    private int _phase;
    private readonly TaskCompletionSource _initFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExternalOsProcess(ExternalServiceInstance instance, int index, ILogger log)
    {
        Instance = instance;
        Index = index;
        _log = log;
    }

    public ExternalServiceInstance Instance { get; }

    public int Index { get; }

    public int? OsPid => _os?.Pid;

    public IReadOnlyList<ExternalThread> Threads => _threads;

    /// <summary>The INIT fields of this process's threads.</summary>
    public InitParameters InitParameters { get; private set; }

    /// <summary>Spawns the process and waits until every thread polled, within <c>timeout_init</c>.</summary>
    /// <exception cref="SpawnException">The executable could not be started.</exception>
    /// <exception cref="TimeoutException">Initialisation took too long.</exception>
    /// <exception cref="InvalidOperationException">The process failed while initialising.</exception>
    public async Task StartAsync()
    {
        ExternalServiceInstance instance = Instance;
        InitParameters = instance.InitParametersFor(Index);
        LaunchCommand command = instance.CommandFor(Index);
        var pairs = new List<ThreadSocketPair>();
        try
        {
            for (int k = 0; k < instance.ThreadCount; k++)
            {
                pairs.Add(ThreadSocketPair.Create(instance.SocketProtocol, instance.Config.EffectiveBufferSize));
            }

            for (int k = 0; k < pairs.Count; k++)
            {
                _threads.Add(new ExternalThread(this, k, instance.Settings, pairs[k].RuntimeEnd,
                    instance.SocketProtocol == ThreadSocketProtocol.Udp, instance.Flavor, instance.Pids));
            }

            _os = instance.Spawner.Spawn(new SpawnRequest
            {
                ExecutablePath = command.FilePath,
                Arguments = command.ToArgv(),
                Environment = command.Environment,
                ThreadDescriptors = [.. pairs.Select(p => p.ChildEnd)],
                WorkingDirectory = command.WorkingDirectory,
                Limits = instance.Limits,
                Owner = instance.Owner,
            });
        }
        catch
        {
            foreach (ThreadSocketPair pair in pairs)
            {
                pair.Dispose();
            }

            throw;
        }

        _log.LogInformation("service {Service} ({Id}) process {Index}: OS pid {Pid} spawned with {Threads} thread(s)",
            instance.DisplayName, instance.Id, Index, _os.Pid, _threads.Count);
        foreach (ExternalThread thread in _threads)
        {
            thread.StartReceiving();
        }

        _ = WatchExitAsync(_os);
        Task polled = Task.WhenAll(_threads.Select(t => t.Polled));
        Task first = await Task.WhenAny(polled, _shutdown.Task, _os.Exited, _initFailure.Task,
            Task.Delay(TimeSpan.FromMilliseconds(instance.Config.TimeoutInit))).ConfigureAwait(false);
        if (_shutdown.Task.IsCompleted)
        {
            // A shutdown before polling counts as a successful initialisation (§4.2).
            Interlocked.CompareExchange(ref _phase, Running, Initialising);
            return;
        }

        if (first != polled || Interlocked.CompareExchange(ref _phase, Running, Initialising) != Initialising)
        {
            string why = _os.HasExited
                ? $"OS pid {_os.Pid} failed during initialisation (exited with {await _os.Exited.ConfigureAwait(false)})"
                : first == polled || first == _initFailure.Task
                    ? $"OS pid {_os.Pid} failed during initialisation (a thread failed)"
                    : $"OS pid {_os.Pid} did not initialise within timeout_init ({instance.Config.TimeoutInit} ms)";
            Interlocked.Exchange(ref _failed, 1);
            await TerminateAsync("init_failed").ConfigureAwait(false);
            throw new InvalidOperationException(why);
        }
    }

    /// <summary>A request that cannot travel over udp was dropped (its sender times out).</summary>
    public void RequestTooLargeForUdp(string name, int bytes, int limit) =>
        _log.LogWarning("service {Service} ({Id}) process {Index}: request to {Name} dropped: {Bytes} bytes do not fit one udp message (at most {Limit}: buffer_size and 65507); use a stream protocol",
            Instance.DisplayName, Instance.Id, Index, name, bytes, limit);

    /// <summary>A thread sent <c>{shutdown, Reason}</c>: the whole service is removed, not restarted.</summary>
    public void ShutdownRequested(string reason)
    {
        _shutdown.TrySetResult();
        Instance.ShutdownRequested(reason);
    }

    public void ReportOsPid(int pid) =>
        _log.LogDebug("service {Service} process {Index}: connect-back OS pid {Pid}", Instance.DisplayName, Index, pid);

    /// <summary>A thread failed: the whole OS process goes (once).</summary>
    public void ThreadFailed(ExternalThread thread, string reason, Exception? exception)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        _log.LogError(exception, "service {Service} ({Id}) process {Index} thread {Thread} (OS pid {Pid}) failed: {Reason}",
            Instance.DisplayName, Instance.Id, Index, thread.ThreadIndex, OsPid, reason);
        Failed(reason);
    }

    // Hands a failure to StartAsync while initialising, to the instance's restart once running.
    private void Failed(string reason)
    {
        if (Interlocked.CompareExchange(ref _phase, FailedInitialising, Initialising) == Initialising)
        {
            _initFailure.TrySetResult();
            return;
        }

        Instance.ProcessFailed(this, reason);
    }

    /// <summary>
    /// Stops the process (spec §6.8): threads stop taking requests, each gets TERM; the runtime
    /// waits for the process to exit — stream protocols up to <c>timeout_terminate</c> (2.0.x:
    /// 500 ms less, as the library is told), udp at most 5 s of it —, then closes its socket
    /// ends (the 1.5.3 Node library exits only then), then SIGKILLs what is still alive: 1.5.3
    /// at once, 2.0.x once <c>timeout_terminate</c> has passed since TERM.
    /// </summary>
    public async Task TerminateAsync(string reason)
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            return;
        }

        foreach (ExternalThread thread in _threads)
        {
            thread.Kill();
        }

        if (_os is null)
        {
            CloseSockets();
            return;
        }

        if (_os.HasExited)
        {
            CloseSockets();
        }
        else
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            foreach (ExternalThread thread in _threads)
            {
                thread.SendTerm();
            }

            bool v153 = Instance.Flavor == WireFlavor.Version153;
            long terminate = Instance.Config.TimeoutTerminate;
            long wait = v153 ? terminate : Math.Max(0, terminate - 500);
            if (Instance.SocketProtocol == ThreadSocketProtocol.Udp) wait = Math.Min(5000, wait);
            await WaitForExitAsync(TimeSpan.FromMilliseconds(wait)).ConfigureAwait(false);
            CloseSockets();
            if (!_os.HasExited && !v153)
            {
                var rest = TimeSpan.FromMilliseconds(terminate) - started.Elapsed;
                if (rest > TimeSpan.Zero) await WaitForExitAsync(rest).ConfigureAwait(false);
            }

            if (!_os.HasExited)
            {
                _log.LogWarning("service {Service} process {Index}: OS pid {Pid} still running {Elapsed} ms after TERM ({Reason}): SIGKILL",
                    Instance.DisplayName, Index, _os.Pid, (long)started.Elapsed.TotalMilliseconds, reason);
                _os.Kill(UnixSignals.SIGKILL);
            }
        }

        await _os.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _os!.Exited.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private void CloseSockets()
    {
        foreach (ExternalThread thread in _threads)
        {
            thread.CloseSocket();
        }
    }

    private async Task WatchExitAsync(SpawnedProcess os)
    {
        ExitStatus status = await os.Exited.ConfigureAwait(false);
        if (Volatile.Read(ref _terminated) == 0 && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            _log.LogError("service {Service} ({Id}) process {Index}: OS pid {Pid} exited with {Status}",
                Instance.DisplayName, Instance.Id, Index, os.Pid, status);
            Failed("exited with " + status);
        }
    }
}
