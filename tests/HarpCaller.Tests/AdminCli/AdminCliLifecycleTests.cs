using System.Diagnostics;

namespace HarpCaller.Tests.AdminCli;

/// <summary><c>status --wait</c> for a daemon that is starting, and <c>stop</c> waiting for the daemon's process to exit.</summary>
public sealed class AdminCliLifecycleTests
{
    private const string Running = """{"result":"running"}""";

    [Fact]
    public async Task StatusWait_SucceedsWhenTheDaemonStartsListeningLater()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        var run = Cli.RunAsync(socket, "status", "--wait", "--timeout=5");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(run.IsCompleted, "status --wait returned before the daemon listened");
        await using var server = ScriptedControlServer.Start(socket, Running);
        var r = await run;
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("running\n", r.Out);
        Assert.Equal(["""{"command":"status"}"""], server.Requests);
    }

    [Fact]
    public async Task StatusWait_WhileTheSocketRefuses_RetriesUntilItAnswers()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        // A stale socket file first (refuses), replaced by a listening one: what a daemon restart looks like.
        AdminCliFailureTests.MakeStaleSocket(socket);
        var run = Cli.RunAsync(socket, "status", "--wait");
        await Task.Delay(TimeSpan.FromSeconds(1));
        File.Delete(socket);
        await using var server = ScriptedControlServer.Start(socket, Running);
        var r = await run;
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("running\n", r.Out);
    }

    [Fact]
    public async Task StatusWait_GivesUpAfterTheTimeout()
    {
        using var dir = new TempDirectory();
        var r = await Cli.RunAsync(dir.File("control"), "status", "--wait", "--timeout=1");
        Assert.True(r.Code == 1, r.ToString());
        Assert.Equal("not running\n", r.Out);
        Assert.True(r.Elapsed >= TimeSpan.FromSeconds(1), r.ToString());
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(10), r.ToString());
    }

    [Fact]
    public async Task Stop_TimeoutWhileTheDaemonLives_Exit1_NeverKillsIt()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        using var daemon = StartStandIn();
        try
        {
            await using var server = ScriptedControlServer.Start(socket, $$"""{"result":"ok","pid":{{daemon.Id}}}""");
            var r = await Cli.RunAsync(socket, "stop", "--print-pid", "--timeout=1");
            Cli.AssertCleanFailure(r, 1, $"harpcallerd: daemon (pid {daemon.Id}) still running after 1 s");
            Assert.Equal($"{daemon.Id}\n", r.Out);
            Assert.Equal(["""{"command":"stop"}"""], server.Requests);
            Assert.True(r.Elapsed >= TimeSpan.FromSeconds(1), r.ToString());
            Assert.False(daemon.HasExited);
        }
        finally
        {
            daemon.Kill();
        }
    }

    [Fact]
    public async Task Stop_ReturnsOnceTheDaemonExits()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        using var daemon = StartStandIn();
        var exit = Task.CompletedTask;
        await using var server = ScriptedControlServer.Start(socket, _ => $$"""{"result":"ok","pid":{{daemon.Id}}}""",
            onRequest: _ => exit = Task.Run(async () =>
            {
                // The daemon's graceful stop takes a moment after it replied.
                await Task.Delay(TimeSpan.FromMilliseconds(700));
                daemon.Kill();
            }));
        var r = await Cli.RunAsync(socket, "stop", "--print-pid", "--timeout=15");
        await exit;
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal($"{daemon.Id}\n", r.Out);
        Assert.Equal("", r.Err);
        Assert.True(r.Elapsed >= TimeSpan.FromMilliseconds(700), r.ToString());
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(10), r.ToString());
    }

    [Fact]
    public async Task Stop_OfAnExitedDaemon_PrintsNothingWithoutPrintPid()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        using var gone = StartStandIn();
        gone.Kill();
        await gone.WaitForExitAsync();
        await using var server = ScriptedControlServer.Start(socket, $$"""{"result":"ok","pid":{{gone.Id}}}""");
        var r = await Cli.RunAsync(socket, "stop");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task Stop_ErrorReply_Exit1()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, """{"result":"error","message":"already stopping"}""");
        var r = await Cli.RunAsync(socket, "stop", "--print-pid");
        Cli.AssertCleanFailure(r, 1, "harpcallerd: already stopping");
        Assert.Equal("", r.Out);
    }

    // A process standing in for the daemon: the CLI only watches its PID.
    private static Process StartStandIn() =>
        Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
}
