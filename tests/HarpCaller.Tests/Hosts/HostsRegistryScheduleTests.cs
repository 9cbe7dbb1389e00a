using System.Runtime.Versioning;
using System.Text.Json;
using HarpCaller.Hosts;
using HarpCaller.Hosts.Internal;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Hosts;

/// <summary>Refresh at start and every period, on a manual clock; the scripts are real processes.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostsRegistryScheduleTests : HostsRegistryFixture
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(T0);

    private async Task<string> CountingScriptAsync() =>
        await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("fresh")]);

    private async Task StoreRegistryAsync(DateTimeOffset refreshedAt)
    {
        using JsonDocument port = JsonDocument.Parse("4306");
        var stored = new HostEntry("stored", "10.0.0.9", port.RootElement, new HostCredentials("u", "p"));
        await HostsFile.SaveAsync(Dir.HostDb, HostsSnapshot.Create(new Dictionary<string, HostEntry> { ["stored"] = stored }, refreshedAt), CancellationToken.None);
    }

    private static async Task<RefreshOutcome> CompletedRunAsync(HostsRegistry registry)
    {
        Task<RefreshOutcome>? run = registry.CurrentRun;
        Assert.NotNull(run);
        return await run.WaitAsync(Bound);
    }

    [Fact]
    public async Task StartAsync_RunsTheScript_WhenHostDbIsMissing()
    {
        HostsRegistry registry = Create(await CountingScriptAsync(), _time);

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, (await CompletedRunAsync(registry)).Status);
        Assert.Equal(1, Dir.RunCount);
        Assert.Equal(["fresh"], Names(registry));
        Assert.Equal(T0, registry.LastRefreshedAt);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(5, false)] // exactly half the period is not older than half
    [InlineData(6, true)]
    [InlineData(600, true)]
    [InlineData(-5, true)] // stored in the future: the clock went back, the age is unknown
    public async Task StartAsync_RunsTheScript_OnlyWhenTheStoredRegistryIsOlderThanHalfThePeriod(int ageMinutes, bool runs)
    {
        await StoreRegistryAsync(T0 - TimeSpan.FromMinutes(ageMinutes));
        HostsRegistry registry = Create(await CountingScriptAsync(), _time);

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        if (runs)
        {
            await CompletedRunAsync(registry);
            Assert.Equal(1, Dir.RunCount);
            Assert.Equal(["fresh"], Names(registry));
        }
        else
        {
            Assert.Null(registry.CurrentRun);
            Assert.Equal(0, Dir.RunCount);
            Assert.Equal(["stored"], Names(registry));
        }
    }

    [Fact]
    public async Task StartAsync_StartsEmptyLogsAnErrorAndRefreshes_WhenHostDbIsCorrupt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Dir.HostDb)!);
        await File.WriteAllTextAsync(Dir.HostDb, "\u0083h\u0002d garbage from another program");
        HostsRegistry registry = Create(await CountingScriptAsync(), _time);

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 4002);
        await CompletedRunAsync(registry);
        Assert.Equal(["fresh"], Names(registry));
        Assert.True((await HostsFile.LoadAsync(Dir.HostDb, CancellationToken.None)).Loaded);
    }

    [Fact]
    public async Task StartAsync_StartsEmpty_WhenHostDbIsCorruptAndNoScriptIsConfigured()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Dir.HostDb)!);
        await File.WriteAllTextAsync(Dir.HostDb, "{\"format\":\"harpcallerd-hosts\"");
        HostsRegistry registry = Create(script: null, _time);

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Empty(registry.List());
        Assert.Null(registry.CurrentRun);
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 4002);
    }

    [Fact]
    public async Task StartAsync_Throws_WhenCalledTwice()
    {
        HostsRegistry registry = Create(script: null, _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        await Assert.ThrowsAsync<InvalidOperationException>(() => registry.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Timer_RunsTheScriptEveryPeriod()
    {
        HostsRegistry registry = Create(await CountingScriptAsync(), _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        await CompletedRunAsync(registry);

        _time.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.Equal(1, Dir.RunCount);
        Assert.True(registry.CurrentRun!.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await CompletedRunAsync(registry);
        Assert.Equal(2, Dir.RunCount);
        Assert.Equal(T0 + Period, registry.LastRefreshedAt);

        _time.Advance(Period);
        await CompletedRunAsync(registry);
        Assert.Equal(3, Dir.RunCount);
    }

    [Fact]
    public async Task Timer_FirstRunsOnePeriodAfterTheStoredRefresh_WhenTheStoredRegistryIsFresh()
    {
        await StoreRegistryAsync(T0 - TimeSpan.FromMinutes(2));
        HostsRegistry registry = Create(await CountingScriptAsync(), _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        _time.Advance(TimeSpan.FromMinutes(8) - TimeSpan.FromSeconds(1));
        Assert.Null(registry.CurrentRun);

        _time.Advance(TimeSpan.FromSeconds(1));
        await CompletedRunAsync(registry);
        Assert.Equal(1, Dir.RunCount);
    }

    [Fact]
    public async Task Timer_TickWhileTheScriptRuns_IsANoOp()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"{Dir.CountRun}{Dir.WaitForGo}echo '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script, _time, o => o with { ScriptTimeout = TimeSpan.FromDays(1) });
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        Task<RefreshOutcome> first = registry.CurrentRun!;

        _time.Advance(Period);
        _time.Advance(Period);
        Assert.Same(first, registry.CurrentRun);

        Dir.ReleaseScripts();
        await first.WaitAsync(Bound);
        Assert.Equal(1, Dir.RunCount);
    }

    [Fact]
    public async Task Timer_KillsTheScript_AtTheTimeLimitOnTheInjectedClock()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"{Dir.CountRun}{Dir.WaitForGo}echo '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script, _time, o => o with { ScriptTimeout = TimeSpan.FromMinutes(1) });
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        Task<RefreshOutcome> run = registry.CurrentRun!;
        await WaitForRunCountAsync(1);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(RefreshStatus.TimedOut, (await run.WaitAsync(Bound)).Status);
        Assert.Empty(registry.List());
    }

    [Fact]
    public async Task Reconfigure_RunsANewScriptAtOnce_AndRestartsThePeriod()
    {
        HostsRegistry registry = Create(script: null, _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        _time.Advance(Period * 3);
        Assert.Null(registry.CurrentRun);

        registry.Reconfigure(new HostsRegistryOptions(await CountingScriptAsync(), Dir.HostDb, Period));

        await CompletedRunAsync(registry);
        Assert.Equal(1, Dir.RunCount);
        _time.Advance(Period);
        await CompletedRunAsync(registry);
        Assert.Equal(2, Dir.RunCount);
    }

    [Fact]
    public async Task Reconfigure_WithoutScript_StopsThePeriodicRefresh_AndKeepsTheRegistry()
    {
        string script = await CountingScriptAsync();
        HostsRegistry registry = Create(script, _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        await CompletedRunAsync(registry);

        registry.Reconfigure(new HostsRegistryOptions(null, Dir.HostDb, Period));
        _time.Advance(Period * 3);

        Assert.Equal(1, Dir.RunCount);
        Assert.Equal(["fresh"], Names(registry));
        Assert.False(registry.RequestRefresh());
    }

    [Fact]
    public async Task Reconfigure_ShorterPeriod_SchedulesTheNextRunOneNewPeriodAfterTheLastRefresh()
    {
        string script = await CountingScriptAsync();
        HostsRegistry registry = Create(script, _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        await CompletedRunAsync(registry); // refreshed at T0
        _time.Advance(TimeSpan.FromMinutes(3));

        registry.Reconfigure(new HostsRegistryOptions(script, Dir.HostDb, TimeSpan.FromMinutes(5)) { ScriptTimeout = TimeSpan.FromMinutes(30) });
        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, Dir.RunCount);
        Assert.True(registry.CurrentRun!.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await CompletedRunAsync(registry);
        Assert.Equal(2, Dir.RunCount);
    }

    [Fact]
    public async Task Reconfigure_NewHostDbPath_IsLoggedAndIgnoredUntilRestart()
    {
        string script = await CountingScriptAsync();
        HostsRegistry registry = Create(script, _time);
        string otherPath = Dir.File("other.db");

        registry.Reconfigure(new HostsRegistryOptions(script, otherPath, Period));
        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.True(File.Exists(Dir.HostDb));
        Assert.False(File.Exists(otherPath));
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Warning && e.EventId == 4050);
    }

    [Fact]
    public async Task Reconfigure_RejectsInvalidSettings()
    {
        HostsRegistry registry = Create(script: null, _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.ThrowsAny<ArgumentException>(() => registry.Reconfigure(new HostsRegistryOptions(null, Dir.HostDb, TimeSpan.Zero)));
        Assert.ThrowsAny<ArgumentException>(() => registry.Reconfigure(new HostsRegistryOptions("", Dir.HostDb, Period)));
    }

    [Fact]
    public async Task DisposeAsync_StopsThePeriodicRefresh()
    {
        HostsRegistry registry = Create(await CountingScriptAsync(), _time);
        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        await CompletedRunAsync(registry);

        await registry.DisposeAsync().AsTask().WaitAsync(Bound);
        _time.Advance(Period * 3);

        Assert.Equal(1, Dir.RunCount);
        Assert.Equal(0, _time.ArmedTimers);
    }

    private async Task WaitForRunCountAsync(int count)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (Dir.RunCount < count)
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
