using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HarpCaller.Control;
using HarpCaller.Tests.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Control;

/// <summary>The control socket's file handling and framing, against a real dispatcher.</summary>
public sealed class ControlSocketTests() : ControlTestBase("run/harpcaller/control")
{
    [Fact]
    public void Socket_IsCreatedWithMode0600_InADirectoryCreatedForIt()
    {
        Assert.True(UnixFileType.IsSocket(SocketPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        Assert.True(Directory.Exists(Path.GetDirectoryName(SocketPath)));
    }

    [Fact]
    public async Task Socket_IsRemovedOnDispose()
    {
        await Server.DisposeAsync();
        Assert.False(File.Exists(SocketPath));
    }

    [Fact]
    public void Bind_Refuses_WhenAnotherDaemonAnswersOnThePath()
    {
        var e = Assert.Throws<IOException>(() => ControlSocketServer.Bind(SocketPath, NullLogger.Instance));
        Assert.Contains("another harpcallerd", e.Message);
        Assert.True(UnixFileType.IsSocket(SocketPath));
    }

    [Fact]
    public async Task Bind_ReplacesAStaleSocket()
    {
        var stale = H.Dir.File("stale.sock");
        // A process that bound the socket and died: .NET would unlink the file on dispose.
        using (var python = System.Diagnostics.Process.Start("python3", ["-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)", stale]))
        {
            await python.WaitForExitAsync();
            Assert.Equal(0, python.ExitCode);
        }
        Assert.True(UnixFileType.IsSocket(stale));

        await using var server = ControlSocketServer.Bind(stale, NullLogger.Instance);
        server.Start(H.Host, Lifecycle);

        Assert.Equal("{\"result\":\"running\"}", await ControlClient.RequestOnceAsync(stale, "{\"command\":\"status\"}"));
    }

    [Fact]
    public void Bind_Refuses_APathThatIsNotASocket_AndLeavesItAlone()
    {
        var file = H.Dir.File("not-a-socket");
        File.WriteAllText(file, "keep me");

        var e = Assert.Throws<IOException>(() => ControlSocketServer.Bind(file, NullLogger.Instance));

        Assert.Contains("not a socket", e.Message);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public async Task OneConnection_CarriesSeveralCommandsInTurn()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath);

        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
        Assert.Equal("{\"result\":\"ok\",\"queues\":[]}", await client.RequestAsync("{\"command\":\"list_queues\"}"));
        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task PipelinedRequests_AreAnsweredInOrder()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath);

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
        await using var client = await ControlClient.ConnectAsync(SocketPath);

        Assert.Equal("{\"result\":\"error\",\"message\":\"unrecognized command\"}", await client.RequestAsync(request));
        Assert.Equal("{\"result\":\"running\"}", await client.RequestAsync("{\"command\":\"status\"}"));
    }

    [Theory]
    [InlineData("{\"command\":")]
    [InlineData("{command: status}")]
    [InlineData("\u00ff\u00fe garbage")]
    public async Task MalformedJson_GetsAnError_AndTheConnectionGoesOn(string request)
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath);

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
            await using var client = await ControlClient.ConnectAsync(SocketPath);
            var junk = new byte[random.Next(1, 2000)];
            random.NextBytes(junk);
            for (var j = 0; j < junk.Length; j++) if (junk[j] == (byte)'\n') junk[j] = (byte)' ';
            await client.SendRawAsync([.. junk, (byte)'\n']);
            var reply = await client.ReadLineAsync();
            Assert.NotNull(reply);
            Assert.Contains("\"result\":\"error\"", reply);
        }
        Assert.Equal("{\"result\":\"running\"}", await ControlClient.RequestOnceAsync(SocketPath, "{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task AHugeLine_GetsAnError_ThenTheConnectionCloses()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath);
        var huge = Encoding.ASCII.GetBytes("{\"command\":\"" + new string('x', 200_000) + "\"}\n");

        try { await client.SendRawAsync(huge); } catch (IOException) { /* closed while writing: fine */ }

        var reply = await client.ReadLineAsync();
        Assert.NotNull(reply);
        Assert.Contains("longer than", reply);
        Assert.Null(await client.ReadLineAsync());
        Assert.Equal("{\"result\":\"running\"}", await ControlClient.RequestOnceAsync(SocketPath, "{\"command\":\"status\"}"));
    }

    [Fact]
    public async Task WhileStopping_CommandsAreRefused_ButStopStillAnswers()
    {
        Lifecycle.Stopping = true;

        Assert.Equal("{\"result\":\"error\",\"message\":\"harpcallerd is stopping\"}",
            await ControlClient.RequestOnceAsync(SocketPath, "{\"command\":\"list_jobs\"}"));
        Assert.Equal($"{{\"result\":\"ok\",\"pid\":{Environment.ProcessId}}}",
            await ControlClient.RequestOnceAsync(SocketPath, "{\"command\":\"stop\"}"));
    }
}
