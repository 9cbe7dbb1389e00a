using System.Text.Json;
using CloudI.External.Spawning;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Tests.Spawning;

[Collection("Spawning")]
public sealed class ProcessLifecycleTests
{
    [Fact]
    public async Task ExitCodeIsReportedAndLogged()
    {
        var run = new ChildRun();
        await using var process = run.Spawn(run.Sh("exit 7"));
        var status = await process.Exited.WaitAsync(ChildRun.Timeout);
        Assert.Equal(7, status.Code);
        Assert.Null(status.Signal);
        Assert.Contains(run.Logger.Entries, e => e.Message == $"OS pid {process.Pid} exited with status 7");
    }

    [Fact]
    public async Task SignalDeathIsReported()
    {
        var run = new ChildRun();
        var status = await run.RunAsync(run.Sh("kill -USR1 $$; sleep 5"));
        Assert.Equal(10, status.Signal);
        Assert.Equal("SIGUSR1", status.ToString());
    }

    [Theory]
    [InlineData(UnixSignals.SIGKILL, "SIGKILL")]
    [InlineData(UnixSignals.SIGTERM, "SIGTERM")]
    public async Task KillDeliversTheSignal(int signal, string name)
    {
        var run = new ChildRun();
        await using var process = run.Spawn(run.Request("/bin/sleep", ["30"]));
        Assert.False(process.HasExited);
        Assert.True(process.Kill(signal));
        var status = await process.Exited.WaitAsync(ChildRun.Timeout);
        Assert.Equal(signal, status.Signal);
        Assert.Contains(run.Logger.Entries, e => e.Message == $"OS pid {process.Pid} exited with {name}");
        Assert.False(process.Kill(UnixSignals.SIGKILL)); // reaped: never signals a recycled pid
    }

    [Fact]
    public async Task DisposeKillsARunningChild()
    {
        var run = new ChildRun();
        var process = run.Spawn(run.Request("/bin/sleep", ["30"]));
        await process.DisposeAsync().AsTask().WaitAsync(ChildRun.Timeout);
        Assert.Equal(UnixSignals.SIGKILL, (await process.Exited).Signal);
        await process.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task StdoutAndStderrLinesArriveWithThePid()
    {
        var run = new ChildRun();
        const string code = """
            import sys
            sys.stdout.write("out 1\nout 2\n"); sys.stdout.flush()
            sys.stderr.write("err 1\n"); sys.stderr.flush()
            sys.stdout.write("x" * 70000 + "\n")
            sys.stdout.write("\n")
            sys.stdout.write("tail without newline")
            """;
        await using var process = run.Spawn(run.Py(code));
        Assert.Equal(0, (await process.Exited.WaitAsync(ChildRun.Timeout)).Code);

        Assert.All(run.Lines, l => Assert.Equal(process.Pid, l.Pid));
        Assert.Equal(["out 1", "out 2", new string('x', 65536), new string('x', 70000 - 65536), "", "tail without newline"], run.Stdout);
        Assert.Equal(["err 1"], run.Stderr);
        Assert.Contains(run.Logger.Entries, e => e.Level == LogLevel.Information && e.Message == $"(STDOUT:{process.Pid}) out 1");
        Assert.Contains(run.Logger.Entries, e => e.Level == LogLevel.Error && e.Message == $"(STDERR:{process.Pid}) err 1");
    }

    [Fact]
    public async Task EnvironmentIsReplacedExactly()
    {
        var run = new ChildRun();
        string[] env = ["CLOUDI_API_INIT_PROTOCOL=local", "EMPTY_LOOKING= spaced value ", "UNICODE=ü€", "PATH=/nowhere"];
        var lines = await run.OutputOfAsync(run.Py(
            "import os\nfor k, v in sorted(os.environ.items()):\n    print(k + '=' + v)", env: env));
        // Python adds LC_CTYPE by itself when no locale is configured (spec §1.3).
        Assert.Equal(env.Order(StringComparer.Ordinal), lines.Where(l => !l.StartsWith("LC_CTYPE=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ArgvIsPassedExactly()
    {
        var run = new ChildRun();
        string[] args = ["a b", "\"quoted\"", "'single'", "", "`tick`", "$HOME", "ü", "-", "--"];
        var lines = await run.OutputOfAsync(run.Py("import sys, json; print(json.dumps(sys.orig_argv))", args));
        var argv = JsonSerializer.Deserialize<string[]>(Assert.Single(lines))!;
        Assert.Equal([ChildRun.Python, "-c", "import sys, json; print(json.dumps(sys.orig_argv))", .. args], argv);
    }

    [Fact]
    public async Task StdinIsDevNull()
    {
        var run = new ChildRun();
        var lines = await run.OutputOfAsync(run.Sh("readlink /proc/self/fd/0; cat; echo end"));
        Assert.Equal(["/dev/null", "end"], lines);
    }

    [Fact]
    public async Task SignalDispositionsAndMaskAreReset()
    {
        // .NET ignores SIGPIPE; the child must start with default dispositions and no blocked signals.
        var run = new ChildRun();
        var lines = await run.OutputOfAsync(run.Sh("grep -E '^Sig(Ign|Blk)' /proc/self/status"));
        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], lines);
    }

    [Fact]
    public async Task ExitIsReportedWhileAGrandchildStillHoldsThePipes()
    {
        var run = new ChildRun();
        var process = run.Spawn(run.Sh("sleep 3 & echo started"));
        Assert.Equal(0, (await process.Exited.WaitAsync(ChildRun.Timeout)).Code);
        Assert.Equal(["started"], run.Stdout);
        // Disposal must not wait for the pipes' EOF (the grandchild keeps them open).
        await process.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ManyConcurrentChildrenAreAllReaped()
    {
        var run = new ChildRun();
        var processes = Enumerable.Range(0, 40).Select(i => run.Spawn(run.Sh($"echo {i}; exit {i % 5}"))).ToList();
        var statuses = await Task.WhenAll(processes.Select(p => p.Exited)).WaitAsync(ChildRun.Timeout);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (int?)(i % 5)), statuses.Select(s => s.Code));
        foreach (var p in processes) await p.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString()).Order(), run.Stdout.Order());
    }

    [Fact]
    public async Task PollingFallbackWithoutPidFdReapsAndRelays()
    {
        ProcessMonitor.DisablePidFd = true;
        try
        {
            var run = new ChildRun();
            await using var process = run.Spawn(run.Sh("echo polled; exit 4"));
            Assert.Equal(4, (await process.Exited.WaitAsync(ChildRun.Timeout)).Code);
            Assert.Equal(["polled"], run.Stdout);
            await using var sleeper = run.Spawn(run.Request("/bin/sleep", ["30"]));
            Assert.True(sleeper.Kill(UnixSignals.SIGTERM));
            Assert.Equal(UnixSignals.SIGTERM, (await sleeper.Exited.WaitAsync(ChildRun.Timeout)).Signal);
        }
        finally
        {
            ProcessMonitor.DisablePidFd = false;
        }
    }
}
