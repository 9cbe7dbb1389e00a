using HarpCaller.Tests.AdminCli;
using HarpCaller.Tests.Processes;

namespace HarpCaller.Tests.Operations;

/// <summary><c>status</c>, the control socket's mode, <c>dist-erl-*</c>, and a second daemon on the same socket.</summary>
[Collection(SharedDaemonCollection.Name)]
public sealed class SharedDaemonStatusTests(SharedDaemonFixture fixture)
{
    private readonly OpsHarness _h = fixture.H;

    [Fact]
    public async Task Status_WithTheDaemonRunning_PrintsRunning_Exit0()
    {
        var r = await _h.Cli("status");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("running\n", r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void ControlSocket_IsASocketWithMode0600()
    {
        Assert.True(HarpCaller.Control.UnixFileType.IsSocket(_h.Socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_h.Socket));
    }

    [Theory]
    [InlineData("dist-erl-start")]
    [InlineData("dist-erl-stop")]
    public async Task DistErl_SaysThereIsNoErlangNodeNetworking_Exit1(string command)
    {
        var r = await _h.Cli(command);
        Cli.AssertCleanFailure(r, 1, "Erlang node");
        Assert.Equal("", r.Out);
        Assert.False(fixture.Daemon.HasExited);
        Assert.Equal("running\n", (await _h.Cli("status")).Out);
    }

    [Fact]
    public async Task SecondDaemon_OnTheSameSocket_Exits1_TheFirstKeepsServing()
    {
        // Its own port, store and hosts file: the control socket is the only thing the two share.
        var port = DaemonProcess.FreePort();
        var config = _h.Dir.File("second.toml");
        var text = (await File.ReadAllTextAsync(_h.ConfigPath))
            .Replace($"127.0.0.1:{_h.Port}", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace(_h.Dir.File("stream"), _h.Dir.File("stream2"), StringComparison.Ordinal)
            .Replace(_h.Dir.File("hosts.db"), _h.Dir.File("hosts2.db"), StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);

        await using var second = OpsDaemon.Launch(_h.Socket, config, port);
        Assert.Equal(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("another harpcallerd", second.Output);
        Assert.DoesNotContain("   at ", second.Output);

        Assert.False(fixture.Daemon.HasExited);
        Assert.True(File.Exists(_h.Socket), "the second daemon removed the first one's socket");
        var r = await _h.Cli("status");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("running\n", r.Out);
        await _h.AssertACallWorksAsync();
    }
}
