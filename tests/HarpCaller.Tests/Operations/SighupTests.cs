namespace HarpCaller.Tests.Operations;

/// <summary>SIGHUP reloads like <c>reload</c>, with the outcome in the log: each test has its own daemon.</summary>
public sealed class SighupTests
{
    [Fact]
    public async Task Sighup_WithANewHostsScript_AppliesIt()
    {
        await using var h = await OpsHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        await h.WaitReadyAsync();
        await ReloadTests.AddH2ScriptAsync(h);

        daemon.Signal(OpsDaemon.SIGHUP);
        await ReloadTests.AssertH2ArrivesAsync(h);
        Assert.False(daemon.HasExited);
        Assert.Equal("running\n", (await h.Cli("status")).Out);
    }

    [Fact]
    public async Task Sighup_WithABrokenFile_LogsTheErrorAndKeepsRunning()
    {
        await using var h = await OpsHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        await h.WaitReadyAsync();
        var line = await ConfigFile.BreakAsync(h.ConfigPath);

        daemon.Signal(OpsDaemon.SIGHUP);
        var place = new System.Text.RegularExpressions.Regex(ConfigFile.PlacePattern(h.ConfigPath, line));
        await Poll.UntilAsync(() => place.IsMatch(daemon.Output) || daemon.HasExited, "the reload error in the log");
        Assert.False(daemon.HasExited, daemon.Output);

        var status = await h.Cli("status");
        Assert.True(status.Code == 0, status.ToString());
        Assert.Equal("running\n", status.Out);
        await h.AssertACallWorksAsync();
        Assert.Equal(ReloadTests.HostsLine(h, "h1") + "\n", (await h.Cli("hosts-list")).Out);
    }
}
