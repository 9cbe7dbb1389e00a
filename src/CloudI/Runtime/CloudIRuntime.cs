using System.Collections.Concurrent;
using CloudI.Configuration;
using CloudI.Services;
using CloudI.Subscriptions;
using CloudI.Transactions;
using Microsoft.Extensions.Logging;

namespace CloudI.Runtime;

/// <summary>
/// The CloudI service runtime of one node: scopes of subscriptions, the running internal
/// services with their supervision, the ACL table and the service type registry.
/// </summary>
public sealed partial class CloudIRuntime : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, ServiceInstanceBase> _services = new();
    private readonly ConcurrentDictionary<ServiceDispatcher, byte> _contexts = new();
    private readonly List<Guid> _order = [];
    private readonly object _orderGate = new();
    private readonly TransIdGenerator _serviceIds;
    private readonly ILogger _log;
    private readonly Timer _watchdog;
    private int _watchdogTicks;
    private int _stopped;

    /// <summary>Creates an empty runtime.</summary>
    public CloudIRuntime(CloudIRuntimeOptions? options = null)
    {
        Options = options ?? new CloudIRuntimeOptions();
        Acl = Options.Acl ?? new AclTable();
        NodeId = TransIdGenerator.RuntimeNodeId(Options.NodeName);
        Scopes = new SubscriptionScopes<ServiceDispatcher>(Options.Flavor, ReferenceEqualityComparer.Instance);
        EmptySnapshot = new SubscriptionTable<ServiceDispatcher>(Options.Flavor, ReferenceEqualityComparer.Instance).Snapshot;
        _serviceIds = new TransIdGenerator(TimeProvider.System, NodeId, 0);
        _log = Options.LoggerFactory.CreateLogger("CloudI.Runtime");
        ServiceTypes.AssemblyUnloaded += (_, file) => _log.LogInformation("code path assembly {File} unloaded", file);
        _watchdog = new Timer(static s => ((CloudIRuntime)s!).Watch(), this, Options.WatchdogPeriod, Options.WatchdogPeriod);
    }

    /// <summary>The runtime-wide settings.</summary>
    public CloudIRuntimeOptions Options { get; }

    /// <summary>The named ACL lists services resolve when they start.</summary>
    public AclTable Acl { get; }

    /// <summary>Resolves internal service modules to .NET types.</summary>
    public ServiceTypeRegistry ServiceTypes { get; } = new();

    /// <summary>Named aspect delegates for the <c>aspects_*</c> options.</summary>
    public AspectRegistry Aspects { get; } = new();

    /// <summary>Raised when a service exhausted its restarts and was removed.</summary>
    public event EventHandler<ServiceRemovedEventArgs>? ServiceRemoved;

    internal ushort NodeId { get; }

    internal TimeProvider Time => Options.Time;

    internal SubscriptionScopes<ServiceDispatcher> Scopes { get; }

    internal SubscriptionSnapshot<ServiceDispatcher> EmptySnapshot { get; }

    internal bool InlineAsyncDelivery => Options.InlineAsyncDelivery;

    /// <summary>Creates the instance of an external service; set by CloudI.External.</summary>
    internal Func<CloudIRuntime, Guid, ExternalServiceConfig, DispatcherSettings, ServiceInstanceBase>? ExternalServices { get; set; }

    internal ILoggerFactory LoggerFactory => Options.LoggerFactory;

    /// <summary>The running services, in start order.</summary>
    public IReadOnlyList<RunningService> Services
    {
        get
        {
            lock (_orderGate)
            {
                return [.. _order.Select(id => _services.TryGetValue(id, out ServiceInstanceBase? s)
                    ? new RunningService(id, s.Configuration, s.ProcessCount)
                    : null).OfType<RunningService>()];
            }
        }
    }

    /// <summary>
    /// A dispatcher that is not a service process (CloudI's <c>cloudi:new</c> context): it can
    /// send and receive responses but has no info handler and handles no requests.
    /// </summary>
    public ServiceDispatcher CreateContext(ServiceOptions? options = null, uint timeoutAsync = 5000,
        uint timeoutSync = 5000, DestRefresh? destRefresh = null)
    {
        var settings = new DispatcherSettings
        {
            Flavor = Options.Flavor,
            DestRefresh = destRefresh ?? DestRefresh.Default,
            TimeoutAsync = timeoutAsync,
            TimeoutSync = timeoutSync,
            Options = options ?? ServiceOptions.Default,
        };
        var context = new ServiceDispatcher(this, settings, Guid.Empty, 0, 1);
        _contexts[context] = 0;
        return context;
    }

    /// <summary>Releases a context made by <see cref="CreateContext"/>: its pending requests end as timeouts.</summary>
    public void CloseContext(ServiceDispatcher context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_contexts.TryRemove(context, out _))
        {
            context.Kill();
        }
    }

    /// <summary>
    /// Starts one service (the <c>services_add</c> path): resolves its ACLs and type, starts every
    /// process within MaxR/MaxT. Throws <see cref="ServiceStartException"/> when it cannot start;
    /// the runtime keeps running.
    /// </summary>
    public async Task<Guid> AddServiceAsync(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfStopped();
        DispatcherSettings settings = Settle(config);
        Guid id = _serviceIds.Next().ToGuid();
        ServiceInstanceBase instance = Create(id, config, settings);
        _services[id] = instance;
        lock (_orderGate)
        {
            _order.Add(id);
        }

        try
        {
            await instance.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            Remove(id);
            throw;
        }

        _log.LogInformation("service {Module} ({Id}) started: prefix {Prefix}, {Count} process(es)",
            instance.DisplayName, id, config.Prefix, instance.ProcessCount);
        return id;
    }

    /// <summary>
    /// Starts services in order. Every entry's ACL names are resolved first, so an unknown one
    /// starts nothing (§9.3). If a start fails, the ones this call already started are stopped
    /// and the failure is thrown.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> AddServicesAsync(IEnumerable<ServiceConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        List<ServiceConfig> all = [.. configs];
        foreach (ServiceConfig config in all)
        {
            Settle(config);
        }

        var started = new List<Guid>();
        try
        {
            foreach (ServiceConfig config in all)
            {
                started.Add(await AddServiceAsync(config).ConfigureAwait(false));
            }
        }
        catch
        {
            for (int k = started.Count - 1; k >= 0; k--)
            {
                await RemoveServiceAsync(started[k]).ConfigureAwait(false);
            }

            throw;
        }

        return started;
    }

    private ServiceInstanceBase Create(Guid id, ServiceConfig config, DispatcherSettings settings) => config switch
    {
        InternalServiceConfig internalConfig => CreateInternal(id, internalConfig, settings),
        ExternalServiceConfig externalConfig => ExternalServices?.Invoke(this, id, externalConfig, settings)
            ?? throw new ServiceStartException("service_external_unsupported",
                "external services need CloudI.External (ExternalServices.Enable)"),
        _ => throw new ArgumentException("unknown service configuration", nameof(config)),
    };

    private ServiceInstance CreateInternal(Guid id, InternalServiceConfig config, DispatcherSettings settings)
    {
        Type type = ServiceTypes.Resolve(config.Module, out string? error)
            ?? throw new ServiceStartException("service_internal_module_not_found", error!);
        ServiceAspects aspects = Aspects.Resolve(config.Options);
        int count = config.CountProcess.Resolve(Environment.ProcessorCount);
        return new ServiceInstance(this, id, config, type, settings, aspects, count,
            Options.LoggerFactory.CreateLogger("CloudI.Service"), ServiceTypes.Lease(type));
    }

    /// <summary>Stops and forgets a service; false if there is no such service.</summary>
    public async Task<bool> RemoveServiceAsync(Guid id)
    {
        if (!_services.TryGetValue(id, out ServiceInstanceBase? instance))
        {
            return false;
        }

        Remove(id);
        await instance.StopAsync("shutdown").ConfigureAwait(false);
        _log.LogInformation("service {Module} ({Id}) removed", instance.DisplayName, id);
        return true;
    }

    /// <summary>Restarts every process of a service; false if there is no such service.</summary>
    public async Task<bool> RestartServiceAsync(Guid id)
    {
        if (!_services.TryGetValue(id, out ServiceInstanceBase? instance))
        {
            return false;
        }

        await instance.RestartAllAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>The full patterns a service's processes subscribed (<c>service_subscriptions</c>), one per entry.</summary>
    public IReadOnlyList<string>? Subscriptions(Guid id)
    {
        if (!_services.TryGetValue(id, out ServiceInstanceBase? instance))
        {
            return null;
        }

        var patterns = new List<string>();
        foreach (ServiceDispatcher dispatcher in instance.Dispatchers)
        {
            patterns.AddRange(dispatcher.Table.PatternsOf(dispatcher));
        }

        return patterns;
    }

    /// <summary>Stops every service, last started first, each within its termination timeout.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        List<Guid> order;
        lock (_orderGate)
        {
            order = [.. _order];
        }

        order.Reverse();
        foreach (Guid id in order)
        {
            await RemoveServiceAsync(id).ConfigureAwait(false);
        }

        foreach (ServiceDispatcher context in _contexts.Keys)
        {
            context.Kill();
        }

        await _watchdog.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>A service gave up after MaxR restarts: forget it.</summary>
    internal void Forget(ServiceInstanceBase instance, string reason)
    {
        if (Remove(instance.Id))
        {
            ServiceRemoved?.Invoke(this, new ServiceRemovedEventArgs(instance.Id, instance.Configuration, reason));
        }
    }

    private bool Remove(Guid id)
    {
        lock (_orderGate)
        {
            _order.Remove(id);
        }

        return _services.TryRemove(id, out _);
    }

    /// <summary>Resolves a service's dispatcher settings; the ACL names are expanded now (§4).</summary>
    private DispatcherSettings Settle(ServiceConfig config)
    {
        try
        {
            return new DispatcherSettings
            {
                Prefix = config.Prefix,
                Flavor = Options.Flavor,
                DestRefresh = config.DestRefresh,
                TimeoutAsync = config.TimeoutAsync,
                TimeoutSync = config.TimeoutSync,
                DenyPatterns = config.DestListDeny is { } deny ? Acl.Resolve(deny) : null,
                AllowPatterns = config.DestListAllow is { } allow ? Acl.Resolve(allow) : null,
                Options = config.Options,
            };
        }
        catch (CloudIConfigException e)
        {
            throw new ServiceStartException(e.Reason, e.Message, e);
        }
    }

    private void Watch()
    {
        long now = Clock.Now;
        bool sweep = ++_watchdogTicks % 10 == 0;
        foreach (ServiceInstanceBase instance in _services.Values)
        {
            instance.Watch(now, sweep);
        }

        if (sweep)
        {
            foreach (ServiceDispatcher context in _contexts.Keys)
            {
                context.SweepExpired();
            }
        }
    }

    private void ThrowIfStopped()
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            throw new ObjectDisposedException(nameof(CloudIRuntime));
        }
    }
}

/// <summary>A running service as the runtime lists it.</summary>
public sealed record RunningService(Guid Id, ServiceConfig Config, int ProcessCount);

/// <summary>Why and which service was removed after exhausting its restarts.</summary>
public sealed class ServiceRemovedEventArgs(Guid id, ServiceConfig config, string reason) : EventArgs
{
    /// <summary>The service id.</summary>
    public Guid Id { get; } = id;

    /// <summary>Its configuration.</summary>
    public ServiceConfig Config { get; } = config;

    /// <summary>The last failure's reason.</summary>
    public string Reason { get; } = reason;
}
