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

    /// <summary>
    /// Retires the instance without dropping requests: its subscriptions are removed (new
    /// requests go to whoever else subscribes the names, e.g. its replacement), every process
    /// finishes what it already holds (at most the termination timeout), then it stops.
    /// </summary>
    public async Task DrainAndStopAsync(string reason)
    {
        IReadOnlyList<ServiceDispatcher> dispatchers = Dispatchers;
        foreach (ServiceDispatcher dispatcher in dispatchers)
        {
            dispatcher.Table.RemoveSubscriber(dispatcher);
        }

        long deadline = Clock.AfterMs(Clock.Now, Configuration.TimeoutTerminate);
        while (Clock.Now < deadline && dispatchers.Any(d => d.Mailbox is { IsDead: false, IsIdle: false }))
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        await StopAsync(reason).ConfigureAwait(false);
    }

    /// <summary>Restarts every process (not counted against MaxR).</summary>
    public abstract Task RestartAllAsync();

    /// <summary>The watchdog tick: handler deadlines now, and the expiry sweep when asked.</summary>
    public abstract void Watch(long now, bool sweep);
}
