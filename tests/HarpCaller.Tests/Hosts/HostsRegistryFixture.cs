using HarpCaller.Hosts;

namespace HarpCaller.Tests.Hosts;

/// <summary>Common set-up: a temp directory, a capturing logger and registries disposed at the end.</summary>
public abstract class HostsRegistryFixture : IAsyncLifetime
{
    /// <summary>Every await in these tests is bounded by this: a broken registry fails, never hangs.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    protected static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    private readonly List<HostsRegistry> _registries = [];

    internal HostsTestDirectory Dir { get; } = new();

    internal CapturingLogger<HostsRegistry> Logger { get; } = new();

    internal HostsRegistry Create(string? script, TimeProvider? time = null, Func<HostsRegistryOptions, HostsRegistryOptions>? tune = null)
    {
        // A generous time limit unless a test asks otherwise: a loaded CI machine must not turn
        // a slow fork into a time-out.
        var options = new HostsRegistryOptions(script, Dir.HostDb, Period) { ScriptTimeout = TimeSpan.FromMinutes(30) };
        var registry = new HostsRegistry(tune is null ? options : tune(options), Logger, time ?? TimeProvider.System);
        _registries.Add(registry);
        return registry;
    }

    internal static IEnumerable<string> Names(HostsRegistry registry) => registry.List().Select(h => h.Hostname);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (HostsRegistry registry in _registries)
        {
            await registry.DisposeAsync().AsTask().WaitAsync(Bound);
        }

        Dir.Dispose();
    }
}
