using CloudI.Configuration;
using CloudI.External.Launch;
using CloudI.External.Protocol;
using CloudI.External.Spawning;
using CloudI.Runtime;
using CloudI.Services;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Hosting;

/// <summary>
/// A running external service: <c>count_process</c> OS processes of <c>count_thread</c> threads,
/// each OS process restarted under MaxR/MaxT when any of its threads fails or it exits (§9.1);
/// a service that exhausts its restarts is removed.
/// </summary>
internal sealed class ExternalServiceInstance : ServiceInstanceBase
{
    private readonly object _gate = new();
    private readonly Slot[] _slots;
    private readonly ILogger _log;
    private bool _stopping;
    private volatile bool _shutdownRequested;

    public ExternalServiceInstance(CloudIRuntime runtime, Guid id, ExternalServiceConfig config,
        DispatcherSettings settings, PidIdentities pids)
        : base(runtime, id)
    {
        Config = config;
        Pids = pids;
        _log = runtime.LoggerFactory.CreateLogger("CloudI.External");
        Flavor = config.Options.ApiVersion is "1.5.3" ? WireFlavor.Version153 : WireFlavor.Version20;

        // 1.5.3: the library applies request_timeout_adjustment (INIT flag); the runtime must not again.
        Settings = Flavor == WireFlavor.Version153 && settings.Options.RequestTimeoutAdjustment
            ? Copy(settings, settings.Options with { RequestTimeoutAdjustment = false })
            : settings;
        SocketProtocol = config.Protocol switch
        {
            ExternalProtocol.Tcp => ThreadSocketProtocol.Tcp,
            ExternalProtocol.Udp => ThreadSocketProtocol.Udp,
            _ => ThreadSocketProtocol.Local,
        };
        int cpus = Environment.ProcessorCount;
        BaseProcessCount = config.CountProcess.Resolve(cpus);
        ThreadCount = config.CountThread.Resolve(cpus);
        Spawner = new ExternalProcessSpawner(runtime.LoggerFactory.CreateLogger("CloudI.External.Process"));
        Limits = [.. config.Options.Limit.Select(l => new ResourceLimit(l.Resource,
            l.SetsCurrent ? l.Current ?? ResourceLimit.Infinity : null,
            l.SetsMaximum ? l.Maximum ?? ResourceLimit.Infinity : null))];
        Owner = config.Options.Owner is { } owner
            ? new ProcessOwner(owner.User is { } u ? u.Id?.ToString() ?? u.Name : null,
                owner.Group is { } g ? g.Id?.ToString() ?? g.Name : null)
            : null;
        _slots = [.. Enumerable.Range(0, BaseProcessCount).Select(_ => new Slot(new RestartTracker(config.MaxR, config.MaxT, runtime.Time)))];
    }

    public ExternalServiceConfig Config { get; }

    public DispatcherSettings Settings { get; }

    public WireFlavor Flavor { get; }

    public ThreadSocketProtocol SocketProtocol { get; }

    public int BaseProcessCount { get; }

    public int ThreadCount { get; }

    public PidIdentities Pids { get; }

    public ExternalProcessSpawner Spawner { get; }

    public IReadOnlyList<ResourceLimit> Limits { get; }

    public ProcessOwner? Owner { get; }

    /// <summary>The largest frame accepted from the library.</summary>
    public int MaxFrameSize => 64 << 20;

    public override ServiceConfig Configuration => Config;

    public override string DisplayName => Config.FilePath;

    public override int ProcessCount => _slots.Length;

    public override IReadOnlyList<ServiceDispatcher> Dispatchers
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Select(s => s.Process).OfType<ExternalOsProcess>()
                    .SelectMany(p => p.Threads).Where(t => !t.IsDead).Select(t => t.Dispatcher)];
            }
        }
    }

    /// <summary>The INIT fields for one process (§5.2, §5.3).</summary>
    public InitParameters InitParametersFor(int index) => new()
    {
        ProcessIndex = (uint)index,
        ProcessCount = (uint)ProcessCount,
        ProcessCountMax = (uint)ProcessCount,
        ProcessCountMin = (uint)ProcessCount,
        Prefix = System.Text.Encoding.UTF8.GetBytes(Config.Prefix),
        TimeoutInitialize = Config.TimeoutInit,
        TimeoutAsync = Config.TimeoutAsync,
        TimeoutSync = Config.TimeoutSync,
        TimeoutTerminate = Config.TimeoutTerminate,
        PriorityDefault = (sbyte)Config.Options.PriorityDefault,
        FatalExceptions = true,
        RequestTimeoutAdjustment = Config.Options.RequestTimeoutAdjustment,
    };

    /// <summary>argv and the replaced environment for one process (§1.3–§1.5).</summary>
    public LaunchCommand CommandFor(int index) =>
        LaunchCommand.Create(Config.FilePath, Config.Args, Config.Env, new ApiInitVariables
        {
            ThreadCount = ThreadCount,
            Protocol = SocketProtocol.ToString().ToLowerInvariant(),
            BufferSize = Config.EffectiveBufferSize,
            TimeoutInitialize = Config.TimeoutInit,
            TimeoutTerminate = Config.TimeoutTerminate,
            ProcessIndex = index,
            ProcessCountMax = ProcessCount,
            ProcessCountMin = ProcessCount,
        }, directory: Config.Options.Directory);

    public override async Task StartAsync()
    {
        foreach (string option in Config.Options.IgnoredOptions)
        {
            _log.LogInformation("service {Service} ({Id}): option {Option} has no effect in this runtime", DisplayName, Id, option);
        }

        if (Config.Options.CountProcessDynamic is not null)
        {
            // Internal services scale; external ones would need REINIT (semantics: may come later).
            _log.LogWarning("service {Service} ({Id}): option count_process_dynamic has no effect on external services yet: {Count} OS process(es), fixed",
                DisplayName, Id, ProcessCount);
        }

        for (int index = 0; index < _slots.Length; index++)
        {
            Exception? failure = await StartSlotAsync(index).ConfigureAwait(false);
            if (failure is not null && _shutdownRequested)
            {
                // The library asked for shutdown while starting: that counts as started; the
                // removal already runs and stops the rest.
                return;
            }

            if (failure is not null)
            {
                await StopAsync("start_failed").ConfigureAwait(false);
                string reason = failure is SpawnException spawn ? spawn.Reason
                    : failure is LaunchException launch ? launch.Reason
                    : "service_external_start_failed";
                throw new ServiceStartException(reason, $"service {DisplayName} ({Id}) failed to start: {failure.Message}", failure);
            }
        }
    }

    public override async Task StopAsync(string reason)
    {
        List<ExternalOsProcess> processes;
        lock (_gate)
        {
            _stopping = true;
            processes = [.. _slots.Select(s => s.Process).OfType<ExternalOsProcess>()];
        }

        await Task.WhenAll(processes.Select(p => p.TerminateAsync(reason))).ConfigureAwait(false);
    }

    public override async Task RestartAllAsync()
    {
        for (int index = 0; index < _slots.Length; index++)
        {
            ExternalOsProcess? old;
            lock (_gate)
            {
                old = _slots[index].Process;
            }

            if (old is not null)
            {
                await old.TerminateAsync("restart").ConfigureAwait(false);
            }

            if (await StartSlotAsync(index).ConfigureAwait(false) is not null)
            {
                await GiveUpAsync("restart_failed").ConfigureAwait(false);
                return;
            }
        }
    }

    public override void Watch(long now, bool sweep)
    {
        if (!sweep)
        {
            return;
        }

        foreach (ServiceDispatcher dispatcher in Dispatchers)
        {
            dispatcher.SweepExpired();
        }
    }

    /// <summary>An OS process failed: terminate it, then restart it or give up (§9.1).</summary>
    public void ProcessFailed(ExternalOsProcess process, string reason)
    {
        lock (_gate)
        {
            if (_stopping || !ReferenceEquals(_slots[process.Index].Process, process))
            {
                return;
            }
        }

        _ = RestartAsync(process, reason);
    }

    /// <summary>The library asked to stop the whole service (2.0.x <c>shutdown</c>): removed, not restarted.</summary>
    public void ShutdownRequested(string reason)
    {
        _shutdownRequested = true;
        _log.LogInformation("service {Service} ({Id}) requested shutdown: {Reason}", DisplayName, Id, reason);
        _ = Task.Run(() => Runtime.RemoveServiceAsync(Id));
    }

    private async Task RestartAsync(ExternalOsProcess process, string reason)
    {
        await process.TerminateAsync(reason).ConfigureAwait(false);
        Slot slot = _slots[process.Index];
        if (!slot.Tracker.TryRestart())
        {
            await GiveUpAsync(reason).ConfigureAwait(false);
            return;
        }

        _log.LogWarning("service {Service} ({Id}) process {Index} restarting ({Restarts} of MaxR {MaxR} within {MaxT} s)",
            DisplayName, Id, process.Index, slot.Tracker.Restarts, Config.MaxR, Config.MaxT);
        if (await StartSlotAsync(process.Index).ConfigureAwait(false) is not null)
        {
            await GiveUpAsync(reason).ConfigureAwait(false);
        }
    }

    private async Task GiveUpAsync(string reason)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }
        }

        _log.LogError("service {Service} ({Id}) exceeded MaxR {MaxR} within MaxT {MaxT} s ({Reason}): stopped and removed",
            DisplayName, Id, Config.MaxR, Config.MaxT, reason);
        await StopAsync("max_restarts").ConfigureAwait(false);
        Runtime.Forget(this, reason);
    }

    private async Task<Exception?> StartSlotAsync(int index)
    {
        while (true)
        {
            var process = new ExternalOsProcess(this, index, _log);
            lock (_gate)
            {
                if (_stopping)
                {
                    return new OperationCanceledException("the service is stopping");
                }

                _slots[index].Process = process;
            }

            Exception failure;
            try
            {
                await process.StartAsync().ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (e is SpawnException or LaunchException or InvalidOperationException
                or System.Net.Sockets.SocketException)
            {
                failure = e;
            }

            _log.LogError("service {Service} ({Id}) process {Index} failed to start: {Message}",
                DisplayName, Id, index, failure.Message);
            lock (_gate)
            {
                if (_stopping)
                {
                    return failure;
                }
            }

            if (!_slots[index].Tracker.TryRestart())
            {
                return failure;
            }
        }
    }

    private static DispatcherSettings Copy(DispatcherSettings settings, ServiceOptions options) => new()
    {
        Prefix = settings.Prefix,
        Flavor = settings.Flavor,
        DestRefresh = settings.DestRefresh,
        TimeoutAsync = settings.TimeoutAsync,
        TimeoutSync = settings.TimeoutSync,
        DenyPatterns = settings.DenyPatterns,
        AllowPatterns = settings.AllowPatterns,
        Options = options,
    };

    private sealed class Slot(RestartTracker tracker)
    {
        public RestartTracker Tracker { get; } = tracker;

        public ExternalOsProcess? Process { get; set; }
    }
}
