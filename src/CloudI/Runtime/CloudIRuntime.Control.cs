using CloudI.Configuration;
using CloudI.Services;
using Microsoft.Extensions.Logging;

namespace CloudI.Runtime;

/// <summary>The control surface the Service API uses beyond adding and removing services.</summary>
public sealed partial class CloudIRuntime
{
    private readonly Lock _controlGate = new();
    private ILoggingControl? _logging;
    private NodesConfig _nodes = NodesConfig.Default;

    /// <summary>
    /// The logging control of the hosting process (the <c>logging_*</c> API functions). The
    /// <c>cloudi</c> executable sets its own; until then an <see cref="InMemoryLoggingControl"/>
    /// stores the settings.
    /// </summary>
    public ILoggingControl Logging
    {
        get
        {
            lock (_controlGate)
            {
                return _logging ??= new InMemoryLoggingControl();
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_controlGate)
            {
                _logging = value;
            }
        }
    }

    /// <summary>
    /// The stored <c>nodes</c> settings (the configuration file's section, then the
    /// <c>nodes_*</c> API functions). A single-node runtime connects to none of them.
    /// </summary>
    public NodesConfig Nodes
    {
        get
        {
            lock (_controlGate)
            {
                return _nodes;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_controlGate)
            {
                _nodes = value;
            }
        }
    }

    /// <summary>Changes <see cref="Nodes"/> atomically.</summary>
    /// <param name="change">Gets the current settings, returns the new ones (or throws to change nothing).</param>
    /// <returns>The new settings.</returns>
    public NodesConfig UpdateNodes(Func<NodesConfig, NodesConfig> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_controlGate)
        {
            _nodes = change(_nodes) ?? throw new InvalidOperationException("the nodes settings cannot be null");
            return _nodes;
        }
    }

    /// <summary>The id of the service a dispatcher (a process or thread) belongs to; null for contexts.</summary>
    public static Guid? ServiceIdOf(ServiceDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.ServiceId == Guid.Empty ? null : dispatcher.ServiceId;
    }

    /// <summary>
    /// Replaces a running service's configuration and code (<c>services_update</c>), keeping its
    /// id and its place in the start order, without dropping requests: the new instance starts
    /// beside the old one (a C# type from a code path whose file changed is loaded anew), takes
    /// over the names, and the old one finishes what it holds before it stops. When the new
    /// instance cannot start beside the old one (e.g. it listens on a port only one can hold),
    /// the old one is stopped first and the new one started after it.
    /// </summary>
    /// <param name="id">The service.</param>
    /// <param name="config">Its new configuration (same kind, internal or external).</param>
    /// <returns>False if there is no such service.</returns>
    /// <exception cref="ServiceStartException">The new configuration could not be resolved (nothing changed) or the
    /// service did not start with it even alone (it is then removed, as after exhausting its restarts).</exception>
    public async Task<bool> UpdateServiceAsync(Guid id, ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfStopped();
        if (!_services.TryGetValue(id, out ServiceInstanceBase? old))
        {
            return false;
        }

        if (old.Configuration.GetType() != config.GetType())
        {
            throw new ServiceStartException("update_type_invalid", "an update cannot change the service type");
        }

        DispatcherSettings settings = Settle(config);
        ServiceInstanceBase instance = Create(id, config, settings);
        try
        {
            await instance.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "service {Module} ({Id}) could not start beside its running version; replacing it in sequence",
                instance.DisplayName, id);
            return await ReplaceInSequenceAsync(id, old, config, settings).ConfigureAwait(false);
        }

        if (!_services.TryUpdate(id, instance, old))
        {
            // Removed meanwhile: do not resurrect it.
            await instance.StopAsync("update").ConfigureAwait(false);
            return false;
        }

        await old.DrainAndStopAsync("update").ConfigureAwait(false);
        _log.LogInformation("service {Module} ({Id}) updated: prefix {Prefix}, {Count} process(es)",
            instance.DisplayName, id, config.Prefix, instance.ProcessCount);
        return true;
    }

    private async Task<bool> ReplaceInSequenceAsync(Guid id, ServiceInstanceBase old, ServiceConfig config, DispatcherSettings settings)
    {
        await old.DrainAndStopAsync("update").ConfigureAwait(false);
        ServiceInstanceBase instance = Create(id, config, settings);
        if (!_services.TryUpdate(id, instance, old))
        {
            await instance.StopAsync("update").ConfigureAwait(false);
            return false;
        }

        try
        {
            await instance.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (Remove(id))
            {
                ServiceRemoved?.Invoke(this, new ServiceRemovedEventArgs(id, config, "update_failed"));
            }

            _log.LogError(e, "service {Module} ({Id}) did not start after its update and was removed", instance.DisplayName, id);
            throw;
        }

        _log.LogInformation("service {Module} ({Id}) updated: prefix {Prefix}, {Count} process(es)",
            instance.DisplayName, id, config.Prefix, instance.ProcessCount);
        return true;
    }
}
