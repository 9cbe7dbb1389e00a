using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HarpCaller.Control;
using HarpCaller.Tests.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Control;

/// <summary>The control socket's file handling and framing, against a real dispatcher.</summary>
public sealed class ControlSocketTests : IAsyncLifetime
{
    private ControlHarness _c = null!;
    private EngineHarness _h = null!;
    private ControlSocketServer _server = null!;
    private TestLifecycle _lifecycle = null!;
    private string _path = null!;

    public async Task InitializeAsync()
    {
        _c = await ControlHarness.StartAsync("run/harpcaller/control");
        (_h, _server, _lifecycle, _path) = (_c.Engine, _c.Server, _c.Lifecycle, _c.Path);
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    [Fact]
    public void Socket_IsCreatedWithMode0600_InADirectoryCreatedForIt()
    {
        Assert.True(UnixFileType.IsSocket(_path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
        Assert.True(Directory.Exists(Path.GetDirectoryName(_path)));
    }

    [Fact]
    public async Task Socket_IsRemovedOnDispose()
    {
        await _server.DisposeAsync();
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public void Bind_Refuses_WhenAnotherDaemonAnswersOnThePath()
    {
        var e = Assert.Throws<IOException>(() => ControlSocketServer.Bind(_path, NullLogger.Instance));
        Assert.Contains("another harpcallerd", e.Message);
        Assert.True(UnixFileType.IsSocket(_path));
    }

    [Fact]
    public async Task Bind_ReplacesAStaleSocket()
    {
        var stale = _h.Dir.File("stale.sock");
        // A process that bound the socket and died: .NET would unlink the file on dispose.
        using (var python = System.Diagnostics.Process.Start("python3", ["-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)", stale]))
        {
            await python.WaitForExitAsync();
            Assert.Equal(0, python.ExitCode);
        }
        Assert.True(UnixFileType.IsSocket(stale));

        await using var server = ControlSocketServer.Bind(stale, NullLogger.Instance);
        server.Start(_h.Host, _lifecycle);

        Assert.Equal("{\"result\":\"running\"}", await ControlClient.RequestOnceAsync(stale, "{\"command\":\"status\"}"));
    }

    [Fact]
    public void Bind_Refuses_APathThatIsNotASocket_AndLeavesItAlone()
    {
        var file = _h.Dir.File("not-a-socket");
        File.WriteAllText(file, "keep me");

        var e = Assert.Throws<IOException>(() => ControlSocketServer.Bind(file, NullLogger.Instance));

        Assert.Contains("not a socket", e.Message);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public async Task OneConnection_CarriesSeveralCommandsInTurn()
    {
        await using var client = await ControlClient.ConnectAsync(_path);

        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
        Assert.Equal("{\"result\":\"ok\",\"queues\":[]}", await client.RequestAsync("{\"command\":\"list_queues\"}"));
        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task PipelinedRequests_AreAnsweredInOrder()
    {
        await using var client = await ControlClient.ConnectAsync(_path);

        await client.SendRawAsync("{\"command\":\"status\"}\n{\"command\":\"nope\"}\n{\"command\":\"list_jobs\"}\n"u8.ToArray());

        Assert.Equal("{\"result\":\"running\"}", await client.ReadLineAsync());
        Assert.Equal("{\"result\":\"error\",\"message\":\"unrecognized command\"}", await client.ReadLineAsync());
        Assert.Equal("{\"result\":\"ok\",\"jobs\":[]}", await client.ReadLineAsync());
    }

    [Theory]
    [InlineData("{\"command\":\"launch_missiles\"}")]
    [InlineData("{\"command\":42}")]
    [InlineData("{\"cmd\":\"status\"}")]
    [InlineData("[\"status\"]")]
    [InlineData("\"status\"")]
    [InlineData("null")]
    public async Task UnknownOrShapelessRequests_GetUnrecognizedCommand(string request)
    {
        await using var client = await ControlClient.ConnectAsync(_path);

        Assert.Equal("{\"result\":\"error\",\"message\":\"unrecognized command\"}", await client.RequestAsync(request));
        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
    }

    [Theory]
    [InlineData("{\"command\":")]
    [InlineData("{command: status}")]
    [InlineData("\u00ff\u00fe garbage")]
    public async Task MalformedJson_GetsAnError_AndTheConnectionGoesOn(string request)
    {
        await using var client = await ControlClient.ConnectAsync(_path);

        var reply = await client.RequestAsync(request);

        using var doc = JsonDocument.Parse(reply);
        Assert.Equal("error", doc.RootElement.GetProperty("result").GetString());
        Assert.StartsWith("malformed request", doc.RootElement.GetProperty("message").GetString());
        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task RandomBytes_NeverTakeTheServerDown()
    {
        var random = new Random(1234);
        for (var i = 0; i < 50; i++)
        {
            await using var client = await ControlClient.ConnectAsync(_path);
            var junk = new byte[random.Next(1, 2000)];
            random.NextBytes(junk);
            for (var j = 0; j < junk.Length; j++) if (junk[j] == (byte)'\n') junk[j] = (byte)' ';
            await client.SendRawAsync([.. junk, (byte)'\n']);
            var reply = await client.ReadLineAsync();
            Assert.NotNull(reply);
            Assert.Contains("\"result\":\"error\"", reply);
        }
        Assert.Equal("{\"result\":\"running\"}", await ControlClient.RequestOnceAsync(_path, "{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task AHugeLine_GetsAnError_ThenTheConnectionCloses()
    {
        await using var client = await ControlClient.ConnectAsync(_path);
        var huge = Encoding.ASCII.GetBytes("{\"command\":\"" + new string('x', 200_000) + "\"}\n");

        try { await client.SendRawAsync(huge); } catch (IOException) { /* closed while writing: fine */ }

        var reply = await client.ReadLineAsync();
        Assert.NotNull(reply);
        Assert.Contains("longer than", reply);
        Assert.Null(await client.ReadLineAsync());
        Assert.Equal("{\"result\":\"running\"}", await ControlClient.RequestOnceAsync(_path, "{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task WhileStopping_CommandsAreRefused_ButStopStillAnswers()
    {
        _lifecycle.Stopping = true;

        Assert.Equal("{\"result\":\"error\",\"message\":\"harpcallerd is stopping\"}",
            await ControlClient.RequestOnceAsync(_path, "{\"command\":\"list_jobs\"}"));
        Assert.Equal($"{{\"result\":\"ok\",\"pid\":{Environment.ProcessId}}}",
            await ControlClient.RequestOnceAsync(_path, "{\"command\":\"stop\"}"));
    }
}
