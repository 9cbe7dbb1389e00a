using CloudI.Configuration;
using CloudI.Services;

namespace CloudI.Runtime;

/// <summary>
/// What the runtime tracks of a running service, whatever runs it: in-process C# services
/// (<see cref="ServiceInstance"/>) or OS processes (CloudI.External).
/// </summary>
internal abstract class ServiceInstanceBase
{
    protected ServiceInstanceBase(CloudIRuntime runtime, Guid id)
    {
        Runtime = runtime;
        Id = id;
    }

    public CloudIRuntime Runtime { get; }

    public Guid Id { get; }

    public abstract ServiceConfig Configuration { get; }

    /// <summary>The name the logs and listings use (the module or the executable).</summary>
    public abstract string DisplayName { get; }

    public abstract int ProcessCount { get; }

    /// <summary>The live dispatchers (one per process, or per thread of an external process).</summary>
    public abstract IReadOnlyList<ServiceDispatcher> Dispatchers { get; }

    /// <summary>Starts every process; throws <see cref="ServiceStartException"/> after stopping the rest.</summary>
    public abstract Task StartAsync();

    /// <summary>Stops every process within the termination timeout.</summary>
    public abstract Task StopAsync(string reason);

    /// <summary>Restarts every process (not counted against MaxR).</summary>
    public abstract Task RestartAllAsync();

    /// <summary>The watchdog tick: handler deadlines now, and the expiry sweep when asked.</summary>
    public abstract void Watch(long now, bool sweep);
}
