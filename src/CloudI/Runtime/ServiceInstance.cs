using CloudI.Configuration;
using CloudI.Services;
using Microsoft.Extensions.Logging;

namespace CloudI.Runtime;

/// <summary>
/// One running internal service (a configuration entry with its service id): its processes,
/// each restarted under MaxR/MaxT on failure (§9.1); when a process exhausts its restarts the
/// whole instance stops and is forgotten.
/// </summary>
internal sealed partial class ServiceInstance : ServiceInstanceBase
{
    private readonly object _gate = new();
    private readonly List<Slot> _slots;
    private readonly Type _type;
    private readonly DispatcherSettings _settings;
    private readonly ILogger _log;
    private bool _stopping;
    private IDisposable? _typeLease;

    // typeLease keeps a code-path type's assembly loaded until the instance stops (null for host types).
    public ServiceInstance(CloudIRuntime runtime, Guid id, InternalServiceConfig config, Type type,
        DispatcherSettings settings, ServiceAspects aspects, int processCount, ILogger log, IDisposable? typeLease = null)
        : base(runtime, id)
    {
        Config = config;
        _type = type;
        _typeLease = typeLease;
        _settings = settings;
        Aspects = aspects;
        _log = log;
        BaseProcessCount = processCount;
        _slots = [];
        for (int k = 0; k < processCount; k++)
        {
            _slots.Add(NewSlot());
        }
    }

    public ServiceAspects Aspects { get; }

    public InternalServiceConfig Config { get; }

    public override ServiceConfig Configuration => Config;

    public override string DisplayName => Config.Module;

    public override IReadOnlyList<ServiceDispatcher> Dispatchers => [.. Processes.Select(p => p.Dispatcher)];

    /// <summary>The number of processes now (changed by <c>count_process_dynamic</c>).</summary>
    public override int ProcessCount
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>The configured <c>count_process</c>, resolved.</summary>
    public int BaseProcessCount { get; }

    /// <summary>The live processes, by index.</summary>
    public IReadOnlyList<InternalServiceProcess> Processes
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Select(s => s.Process).OfType<InternalServiceProcess>().Where(p => !p.IsDead)];
            }
        }
    }

    /// <summary>Starts every process in order; throws after stopping the rest if one cannot start.</summary>
    public override async Task StartAsync()
    {
        foreach (string option in Config.Options.IgnoredOptions)
        {
            _log.LogInformation("service {Module} ({Id}): option {Option} has no effect in this runtime",
                Config.Module, Id, option);
        }

        for (int index = 0; index < BaseProcessCount; index++)
        {
            Exception? failure = await StartSlotAsync(index).ConfigureAwait(false);
            if (failure is not null)
            {
                await StopAsync("start_failed").ConfigureAwait(false);
                throw new ServiceStartException("service_internal_start_failed",
                    $"service {Config.Module} ({Id}) failed to start: {failure.Message}", failure);
            }
        }

        StartDynamicCount();
    }

    /// <summary>A process failed: kill it, run its terminate callback, restart or give up.</summary>
    public void ProcessFailed(InternalServiceProcess process, string reason, Exception? exception)
    {
        lock (_gate)
        {
            if (_stopping || process.Index >= _slots.Count || !ReferenceEquals(_slots[process.Index].Process, process))
            {
                return;
            }
        }

        // Outside the lock (ended waits run their continuations here); the first failure wins.
        if (!process.Kill())
        {
            return;
        }

        _log.LogError(exception, "service {Module} ({Id}) process {Index} failed: {Reason}",
            Config.Module, Id, process.Index, reason);
        _ = TerminateAsync(process, reason);
        _ = RestartAsync(process.Index, reason);
    }

    /// <summary>Stops every process, each within the termination timeout.</summary>
    public override async Task StopAsync(string reason)
    {
        List<InternalServiceProcess> processes;
        StopDynamicCount();
        lock (_gate)
        {
            _stopping = true;
            processes = [.. _slots.Select(s => s.Process).OfType<InternalServiceProcess>()];
        }

        foreach (InternalServiceProcess process in processes)
        {
            process.Kill();
        }

        await Task.WhenAll(processes.Select(p => TerminateAsync(p, reason))).ConfigureAwait(false);

        // Nothing of this instance runs any more: its assembly may be unloaded if no other instance uses it.
        Interlocked.Exchange(ref _typeLease, null)?.Dispose();
    }

    /// <summary>Restarts every process (the <c>services_restart</c> call): not counted against MaxR.</summary>
    public override async Task RestartAllAsync()
    {
        for (int index = 0; index < ProcessCount; index++)
        {
            InternalServiceProcess? old;
            lock (_gate)
            {
                old = _slots[index].Process;
            }

            old?.Kill();

            if (old is not null)
            {
                await TerminateAsync(old, "restart").ConfigureAwait(false);
            }

            Exception? failure = await StartSlotAsync(index).ConfigureAwait(false);
            if (failure is not null)
            {
                await GiveUpAsync("restart_failed").ConfigureAwait(false);
                return;
            }
        }
    }

    public override void Watch(long now, bool sweep)
    {
        foreach (InternalServiceProcess process in Processes)
        {
            process.CheckDeadline(now);
            if (sweep)
            {
                process.Dispatcher.SweepExpired();
            }
        }
    }

    private async Task RestartAsync(int index, string reason)
    {
        Slot slot;
        lock (_gate)
        {
            if (index >= _slots.Count)
            {
                return;
            }

            slot = _slots[index];
        }

        if (!slot.Tracker.TryRestart())
        {
            await GiveUpAsync(reason).ConfigureAwait(false);
            return;
        }

        _log.LogWarning("service {Module} ({Id}) process {Index} restarting ({Restarts} of MaxR {MaxR} within {MaxT} s)",
            Config.Module, Id, index, slot.Tracker.Restarts, Config.MaxR, Config.MaxT);
        if (await StartSlotAsync(index).ConfigureAwait(false) is not null)
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

        _log.LogError("service {Module} ({Id}) exceeded MaxR {MaxR} within MaxT {MaxT} s ({Reason}): stopped and removed",
            Config.Module, Id, Config.MaxR, Config.MaxT, reason);
        await StopAsync("max_restarts").ConfigureAwait(false);
        Runtime.Forget(this, reason);
    }

    /// <summary>Starts one process, retrying under MaxR/MaxT; the last failure, or null once running.</summary>
    private async Task<Exception?> StartSlotAsync(int index)
    {
        while (true)
        {
            Exception? failure;
            try
            {
                await StartProcessAsync(index).ConfigureAwait(false);
                return null;
            }
            catch (Exception e)
            {
                failure = e;
            }

            _log.LogError(failure, "service {Module} ({Id}) process {Index} failed to initialise",
                Config.Module, Id, index);
            lock (_gate)
            {
                if (_stopping)
                {
                    return failure;
                }
            }

            Slot slot;
            lock (_gate)
            {
                if (index >= _slots.Count)
                {
                    return failure;
                }

                slot = _slots[index];
            }

            if (!slot.Tracker.TryRestart())
            {
                return failure;
            }
        }
    }

    private async Task StartProcessAsync(int index)
    {
        ICloudIService service = (ICloudIService)Activator.CreateInstance(_type)!;
        var process = new InternalServiceProcess(this, index, service, _settings);
        lock (_gate)
        {
            if (_stopping || index >= _slots.Count)
            {
                throw new OperationCanceledException("the service is stopping");
            }

            _slots[index].Process = process;
        }

        TimeSpan limit = TimeSpan.FromMilliseconds(Config.TimeoutInit);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await InitializeWithAspectsAsync(service, process, cancel.Token).WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            process.Kill();
            _ = TerminateAsync(process, "init_timeout");
            throw new TimeoutException($"initialisation took longer than timeout_init ({Config.TimeoutInit} ms)", e);
        }
        catch
        {
            process.Kill();
            _ = TerminateAsync(process, "init_failed");
            throw;
        }

        process.SetReady();
    }

    private async Task InitializeWithAspectsAsync(ICloudIService service, InternalServiceProcess process,
        CancellationToken cancellationToken)
    {
        await service.InitializeAsync(Config.Args, _settings.Prefix, Config.TimeoutInit, process.Dispatcher,
            cancellationToken).ConfigureAwait(false);
        foreach (InitAfterAspect aspect in Aspects.InitAfter)
        {
            await aspect(Config.Args, _settings.Prefix, Config.TimeoutInit, process.Dispatcher).ConfigureAwait(false);
        }
    }

    private async Task TerminateWithAspectsAsync(InternalServiceProcess process, string reason,
        CancellationToken cancellationToken)
    {
        foreach (TerminateBeforeAspect aspect in Aspects.TerminateBefore)
        {
            await aspect(reason, Config.TimeoutTerminate).ConfigureAwait(false);
        }

        await process.Service.TerminateAsync(reason, Config.TimeoutTerminate, cancellationToken).ConfigureAwait(false);
    }

    private async Task TerminateAsync(InternalServiceProcess process, string reason)
    {
        TimeSpan limit = TimeSpan.FromMilliseconds(Config.TimeoutTerminate);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await TerminateWithAspectsAsync(process, reason, cancel.Token).WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("service {Module} ({Id}) process {Index} did not terminate within {Timeout} ms",
                Config.Module, Id, process.Index, Config.TimeoutTerminate);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "service {Module} ({Id}) process {Index} failed while terminating",
                Config.Module, Id, process.Index);
        }
    }

    private Slot NewSlot() => new(new RestartTracker(Config.MaxR, Config.MaxT, Runtime.Time));

    private sealed class Slot(RestartTracker tracker)
    {
        public RestartTracker Tracker { get; } = tracker;

        public InternalServiceProcess? Process { get; set; }
    }
}
