using System.Runtime.Versioning;
using HarpCaller.Hosts;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Hosts;

/// <summary>The registry survives restarts through host_db.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostsRegistryPersistenceTests : HostsRegistryFixture
{
    [Fact]
    public async Task Registry_SurvivesARestart_ThroughHostDb()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [
            HostLines.Valid("web01", "10.0.0.5", "4306", "rpc", "pw1"),
            HostLines.Valid("web02", "10.0.0.6", "123456789012345678901234567890", "rpc", "pw2"),
        ]);
        HostsRegistry first = Create(script);
        await first.RefreshAsync(CancellationToken.None).WaitAsync(Bound);
        await first.DisposeAsync();

        HostsRegistry second = Create(script: null);
        await second.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(first.List().ToArray(), second.List().ToArray());
        Assert.Equal(first.LastRefreshedAt, second.LastRefreshedAt);
        Assert.True(second.TryGet("web02", out HostEntry? web02));
        Assert.Equal("123456789012345678901234567890", web02.Port.GetRawText());
        Assert.Equal("pw2", web02.Credentials.Password);
        Assert.Contains(Logger.Entries, e => e.EventId == 4000 && e.Message.Contains("2 hosts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_WritesHostDbWithMode0600_CreatingItsDirectory()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("web01")]);
        HostsRegistry registry = Create(script);

        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Dir.HostDb));
        Assert.Equal(2, (await File.ReadAllLinesAsync(Dir.HostDb)).Length);
    }

    [Fact]
    public async Task StartAsync_StartsEmpty_WhenHostDbIsMissing()
    {
        HostsRegistry registry = Create(script: null);

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Empty(registry.List());
        Assert.Null(registry.LastRefreshedAt);
        Assert.Contains(Logger.Entries, e => e.EventId == 4001);
    }

    [Fact]
    public async Task StartAsync_StartsEmptyAndLogsAnError_WhenHostDbCannotBeRead()
    {
        Directory.CreateDirectory(Dir.HostDb);
        HostsRegistry registry = Create(script: null);

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Empty(registry.List());
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 4003);
    }

    [Fact]
    public async Task Refresh_KeepsTheNewRegistryInMemory_WhenHostDbCannotBeWritten()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("web01")]);
        // The parent "directory" of host_db is a regular file: the write must fail.
        await File.WriteAllTextAsync(Dir.File("db"), "not a directory");
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        Assert.False(outcome.Persisted);
        Assert.Equal(["web01"], Names(registry));
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 4041);
    }
}
