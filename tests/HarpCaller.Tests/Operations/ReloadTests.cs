using HarpCaller.Tests.AdminCli;
using HarpCaller.Tests.Processes;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Operations;

/// <summary><c>reload</c> against a real daemon process: each test has its own daemon.</summary>
public sealed class ReloadTests
{
    internal static string HostsLine(OpsHarness h, string hostname) =>
        $"{{\"hostname\":\"{hostname}\",\"address\":\"127.0.0.1\",\"port\":{h.Harpd.Port}}}";

    /// <summary>Points <c>host_db_script</c> at a new script printing <c>h1</c> and <c>h2</c>.</summary>
    internal static async Task AddH2ScriptAsync(OpsHarness h)
    {
        var script = h.Dir.Script("hosts2.sh", $"echo '{h.HostLine("h1")}'\necho '{h.HostLine("h2")}'");
        await ConfigFile.ReplaceAsync(h.ConfigPath, $"host_db_script = \"{h.Dir.File("hosts.sh")}\"", $"host_db_script = \"{script}\"");
    }

    /// <summary>Waits until <c>hosts-list</c> shows h1 and h2, then calls h2.</summary>
    internal static async Task AssertH2ArrivesAsync(OpsHarness h)
    {
        var expected = HostsLine(h, "h1") + "\n" + HostsLine(h, "h2") + "\n";
        CliResult? last = null;
        await Poll.UntilAsync(async () =>
        {
            last = await h.Cli("hosts-list");
            return last.Code == 0 && string.Join("\n", JobLines.Split(last.Out).Order(StringComparer.Ordinal)) + "\n" == expected;
        }, "hosts-list shows h1 and h2", state: () => $"{last}");
        var id = JobIdOf(await RequestAsync(h.Server, Call("h2", "return", "[\"via h2\"]")));
        Assert.Equal("{\"result\":\"via h2\"}", await h.ResultAsync(id));
    }

    [Fact]
    public async Task Reload_OfAFileWithASyntaxError_Exit1NamingFileAndLine_TheDaemonKeepsServing()
    {
        await using var h = await OpsHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        var original = await File.ReadAllTextAsync(h.ConfigPath);
        var line = await ConfigFile.BreakAsync(h.ConfigPath);

        var r = await h.Cli("reload");
        Cli.AssertCleanFailure(r, 1, h.ConfigPath);
        Assert.Matches(ConfigFile.PlacePattern(h.ConfigPath, line), r.Err);
        Assert.Equal("", r.Out);

        Assert.False(daemon.HasExited);
        var status = await h.Cli("status");
        Assert.True(status.Code == 0, status.ToString());
        Assert.Equal("running\n", status.Out);
        await h.AssertACallWorksAsync();
        Assert.Equal(HostsLine(h, "h1") + "\n", (await h.Cli("hosts-list")).Out);

        // Repaired, the same file reloads.
        await File.WriteAllTextAsync(h.ConfigPath, original);
        r = await h.Cli("reload");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task Reload_WithANewHostsScript_Exit0_AndTheNewHostArrives()
    {
        await using var h = await OpsHarness.CreateAsync();
        await h.StartDaemonAsync();
        await AddH2ScriptAsync(h);

        var r = await h.Cli("reload");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Out);
        Assert.Equal("", r.Err);
        await AssertH2ArrivesAsync(h);
    }

    [Fact]
    public async Task Reload_WithADifferentListen_Exit0WithARestartNotice_TheOldPortStillServes()
    {
        await using var h = await OpsHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        await ConfigFile.ReplaceAsync(h.ConfigPath, $"127.0.0.1:{h.Port}", $"127.0.0.1:{DaemonProcess.FreePort()}");

        var r = await h.Cli("reload");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Out);
        Assert.Contains("listen", r.Err);

        Assert.False(daemon.HasExited);
        await h.AssertACallWorksAsync();
        Assert.Equal("running\n", (await h.Cli("status")).Out);
    }
}
