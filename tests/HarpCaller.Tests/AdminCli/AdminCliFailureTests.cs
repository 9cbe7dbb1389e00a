using System.Net.Sockets;

namespace HarpCaller.Tests.AdminCli;

/// <summary>No daemon, and a daemon whose replies make no sense: exit 1 with a message, never a stack trace.</summary>
public sealed class AdminCliFailureTests
{
    private const string Id = "9e03ca7a-bdcb-4bc1-8a56-0f17b310a556";

    public static TheoryData<string[]> EveryCommand => new()
    {
        new[] { "stop", "--timeout=1" },
        new[] { "reload" },
        new[] { "dist-erl-start" },
        new[] { "dist-erl-stop" },
        new[] { "list", "--all" },
        new[] { "info", Id },
        new[] { "cancel", Id },
        new[] { "queue-list" },
        new[] { "queue-list", """{"name":"q"}""" },
        new[] { "queue-cancel", """{"name":"q"}""" },
        new[] { "hosts-list" },
        new[] { "hosts-refresh" },
        new[] { "prune-jobs" },
        new[] { "reopen-logs" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task SocketMissing_Exit1_NotRunning(string[] args)
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        var r = await Cli.RunAsync(socket, args);
        Cli.AssertCleanFailure(r, 1, $"harpcallerd: not running (no daemon on {socket})");
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task Status_SocketMissing_PrintsNotRunning_Exit1()
    {
        using var dir = new TempDirectory();
        var r = await Cli.RunAsync(dir.File("control"), "status");
        Assert.True(r.Code == 1, r.ToString());
        Assert.Equal("not running\n", r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task StaleSocket_RefusingConnections_IsNotRunning()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        MakeStaleSocket(socket);
        var results = await Task.WhenAll(Cli.RunAsync(socket, "status"), Cli.RunAsync(socket, "list"));
        Assert.True(results[0].Code == 1, results[0].ToString());
        Assert.Equal("not running\n", results[0].Out);
        Cli.AssertCleanFailure(results[1], 1, $"harpcallerd: not running (no daemon on {socket})");
    }

    public static TheoryData<string, string[], string?> BadReplies => new()
    {
        { "not JSON", ["list"], "this is not json {" },
        { "not an object", ["status"], """["running"]""" },
        { "no result", ["reload"], """{"status":"ok"}""" },
        { "result not a string", ["hosts-refresh"], """{"result":1}""" },
        { "unknown result", ["cancel", Id], """{"result":"maybe"}""" },
        { "list without jobs", ["list"], """{"result":"ok"}""" },
        { "list of non-objects", ["list"], """{"result":"ok","jobs":[1,2]}""" },
        { "info without info", ["info", Id], """{"result":"ok"}""" },
        { "hosts not an array", ["hosts-list"], """{"result":"ok","hosts":{}}""" },
        { "queues not an array", ["queue-list"], """{"result":"ok","queues":"q"}""" },
        { "pruned not a count", ["prune-jobs"], """{"result":"ok","pruned":-1}""" },
        { "stop without pid", ["stop"], """{"result":"ok"}""" },
        { "stop with a bad pid", ["stop"], """{"result":"ok","pid":"12"}""" },
        { "error without message", ["reload"], """{"result":"error"}""" },
        { "duplicate keys", ["status"], """{"result":"running","result":"stopped"}""" },
        { "terminal escapes", ["status"], "\u001b[31mgarbage\u0007" },
    };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public async Task UnexpectedReply_Exit1_WithAMessage_NoStackTrace(string name, string[] args, string? reply)
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, reply);
        var r = await Cli.RunAsync(socket, args);
        Cli.AssertCleanFailure(r, 1, "harpcallerd: unexpected reply from the daemon");
        Assert.True(r.Out == "", $"{name}: {r}");
        Assert.DoesNotContain('\u001b', r.Err);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ConnectionClosedWithoutReply_Exit1()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, reply: null);
        var results = await Task.WhenAll(Cli.RunAsync(socket, "hosts-list"), Cli.RunAsync(socket, "status"));
        Cli.AssertCleanFailure(results[0], 1, "closed the connection without a reply");
        // Something is there but does not answer: status says so, and why.
        Assert.True(results[1].Code == 1, results[1].ToString());
        Assert.Equal("not running\n", results[1].Out);
        Assert.Contains("closed the connection without a reply", results[1].Err);
    }

    /// <summary>
    /// What a crashed daemon leaves: the socket file, with nothing listening on it. Bound elsewhere and
    /// moved into place, because disposing a bound socket removes its file.
    /// </summary>
    internal static void MakeStaleSocket(string path)
    {
        var bound = path + ".bound";
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }
        Assert.True(File.Exists(path));
    }
}
