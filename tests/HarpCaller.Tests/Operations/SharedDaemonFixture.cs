namespace HarpCaller.Tests.Operations;

/// <summary>
/// The tests that neither stop nor reconfigure the daemon share one (they run one after another):
/// each makes its own jobs and queues, and leaves nothing running.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedDaemonCollection : ICollectionFixture<SharedDaemonFixture>
{
    public const string Name = "Operations: one shared harpcallerd";
}

/// <summary>One harpcallerd process, its test harpd, and a hosts script that counts its runs.</summary>
public sealed class SharedDaemonFixture : IAsyncLifetime
{
    internal OpsHarness H { get; private set; } = null!;

    internal OpsDaemon Daemon { get; private set; } = null!;

    /// <summary>The hosts script appends one line here per run.</summary>
    internal string HostsRunsFile => H.Dir.File("hosts-runs");

    /// <summary>How many times the hosts script ran so far.</summary>
    internal int HostsRuns => File.Exists(HostsRunsFile) ? File.ReadAllLines(HostsRunsFile).Length : 0;

    public async Task InitializeAsync()
    {
        H = await OpsHarness.CreateAsync();
        // Same path as the harness's script: the configuration names it already.
        H.Dir.Script("hosts.sh", $"echo run >> '{HostsRunsFile}'\necho '{H.HostLine("h1")}'");
        Daemon = await H.StartDaemonAsync();
    }

    public async Task DisposeAsync() => await H.DisposeAsync();
}
