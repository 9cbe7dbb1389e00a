using HarpCaller.Tests.AdminCli;

namespace HarpCaller.Tests.Operations;

/// <summary><c>status --wait</c> for a starting daemon, <c>stop</c>, and commands during a graceful stop: each test has its own daemon.</summary>
public sealed class StopTests
{
    [Fact]
    public async Task StatusWait_StartedBeforeTheDaemon_SucceedsOnceItIsUp()
    {
        await using var h = await OpsHarness.CreateAsync();
        var run = h.Cli("status", "--wait", "--timeout=30");
        // What is checked is that it has not returned: there is no event to poll for.
        await Task.Delay(TimeSpan.FromSeconds(1));
        if (run.IsCompleted) Assert.Fail($"status --wait returned before the daemon started: {await run}");

        await h.StartDaemonAsync();
        var r = await run;
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("running\n", r.Out);
    }

    [Fact]
    public async Task StopPrintPid_PrintsThePid_ReturnsOnceTheProcessExited_RemovesSocketAndPidfile()
    {
        await using var h = await OpsHarness.CreateAsync();
        var pidfile = h.Dir.File("run/harpcallerd.pid");
        var daemon = await h.StartDaemonAsync(pidfile);
        var pid = daemon.Pid;
        await Poll.UntilAsync(() => File.Exists(pidfile) && File.ReadAllText(pidfile).Trim() == pid.ToString(),
            "the pidfile holds the daemon's pid", state: () => File.Exists(pidfile) ? File.ReadAllText(pidfile) : "(no file)");

        var r = await h.Cli("stop", "--print-pid");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal($"{pid}\n", r.Out);
        Assert.Equal("", r.Err);
        Assert.False(IsAlive(pid), "stop returned while the daemon's process was still running");
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(h.Socket), "the control socket is still there");
        Assert.False(File.Exists(pidfile), "the pidfile is still there");

        r = await h.Cli("stop");
        Cli.AssertCleanFailure(r, 1, "not running");
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task DuringAGracefulStop_OtherCommandsSayStopping_AndStopTimeoutSaysStillRunning()
    {
        await using var h = await OpsHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        await h.WaitReadyAsync();
        await h.SubmitAsync("sleep", "[60]");
        await h.Harpd.WaitForOpenConnectionsAsync(1, TimeSpan.FromSeconds(10));

        daemon.Signal(OpsDaemon.SIGTERM);
        CliResult? stopping = null, last = null;
        await Poll.UntilAsync(async () =>
        {
            if (daemon.HasExited) return true;
            last = await h.Cli("list");
            if (last.Err.Contains("harpcallerd is stopping", StringComparison.Ordinal)) stopping = last;
            return stopping is not null;
        }, "list says the daemon is stopping", TimeSpan.FromSeconds(15), () => $"{last}");
        Assert.True(stopping is not null, "the daemon exited before list saw it stopping:\n" + daemon.Output);
        Cli.AssertCleanFailure(stopping, 1, "harpcallerd is stopping");
        Assert.Equal("", stopping.Out);

        // The running job holds the stop (10 s grace): stop answers with the same pid, and its wait expires.
        var stop = await h.Cli("stop", "--timeout=1", "--print-pid");
        Cli.AssertCleanFailure(stop, 1, "still running");
        Assert.Equal($"{daemon.Pid}\n", stop.Out);
        Assert.False(daemon.HasExited, "stop --timeout killed the daemon, or the grace period was shorter than expected");

        // Ending the job (its harpd goes away) rather than waiting out the grace period.
        await h.Harpd.DisposeAsync();
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(File.Exists(h.Socket), "the control socket is still there");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z'; // a zombie has exited, only not been collected
        }
        catch (IOException)
        {
            return false;
        }
    }
}
