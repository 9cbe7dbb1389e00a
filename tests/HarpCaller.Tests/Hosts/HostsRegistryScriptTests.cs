using System.Diagnostics;
using System.Runtime.Versioning;
using HarpCaller.Hosts;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Hosts;

/// <summary>Filler scripts run as real processes.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostsRegistryScriptTests : HostsRegistryFixture
{
    public static TheoryData<string, string> RejectedLines() => HostLines.Rejected();

    [Fact]
    public async Task Refresh_FillsTheRegistry_WithEveryAcceptedLine()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [
            HostLines.Valid("web01.example.net", "10.0.0.5", "4306", "rpc-system", "caixaudakuPus6yo"),
            "{\"tags\":[1],\"credentials\":{\"password\":\"p\",\"user\":\"u\"},\"port\":\"not checked here\",\"address\":\"db\",\"hostname\":\"db01\"}",
            HostLines.Valid("bad-port", port: "70000"),
        ]);
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        Assert.Equal(3, outcome.HostCount);
        Assert.Equal(0, outcome.IgnoredLines);
        Assert.True(outcome.Persisted);
        Assert.Equal(["bad-port", "db01", "web01.example.net"], Names(registry));
        Assert.True(registry.TryGet("web01.example.net", out HostEntry? web));
        Assert.Equal(new HostCredentials("rpc-system", "caixaudakuPus6yo"), web.Credentials);
        Assert.True(web.TryGetPort(out int port));
        Assert.Equal(4306, port);
        Assert.True(registry.TryGet("bad-port", out HostEntry? badPort));
        Assert.False(badPort.TryGetPort(out _));
        Assert.False(registry.TryGet("WEB01.example.net", out _));
        Assert.NotNull(registry.LastRefreshedAt);
    }

    [Theory]
    [MemberData(nameof(RejectedLines))]
    public async Task Refresh_IgnoresALine_ThatBreaksARule(string rule, string line)
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("good"), line, ""]);
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        Assert.True(1 == outcome.IgnoredLines, rule);
        Assert.Equal(["good"], Names(registry));
    }

    [Fact]
    public async Task Refresh_KeepsTheLastLine_ForADuplicateHostname()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [
            HostLines.Valid("web01", address: "10.0.0.1"),
            HostLines.Valid("web02"),
            HostLines.Valid("web01", address: "10.0.0.2", password: "second"),
        ]);
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(2, outcome.HostCount);
        Assert.True(registry.TryGet("web01", out HostEntry? web01));
        Assert.Equal("10.0.0.2", web01.Address);
        Assert.Equal("second", web01.Credentials.Password);
    }

    [Fact]
    public async Task Refresh_ReplacesTheWholeRegistry_DroppingHostsTheScriptNoLongerPrints()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("old1"), HostLines.Valid("old2")]);
        HostsRegistry registry = Create(script);
        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("new")]);
        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(["new"], Names(registry));
        Assert.False(registry.TryGet("old1", out _));
    }

    [Fact]
    public async Task Refresh_AcceptsTheLastLine_WithoutATrailingNewline()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"printf '%s\\n%s' '{HostLines.Valid("a")}' '{HostLines.Valid("b")}'\n");
        HostsRegistry registry = Create(script);

        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(["a", "b"], Names(registry));
    }

    [Fact]
    public async Task Refresh_AcceptsAnEmptyOutput_AsAnEmptyRegistry()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("a")]);
        HostsRegistry registry = Create(script);
        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);
        await Dir.WriteScriptAsync("hosts", "exit 0\n");

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        Assert.Empty(registry.List());
    }

    [Fact]
    public async Task Refresh_LeavesRegistryAndHostDbUntouched_WhenTheScriptExitsNonZero()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("kept")]);
        HostsRegistry registry = Create(script);
        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);
        byte[] stored = await File.ReadAllBytesAsync(Dir.HostDb);
        DateTimeOffset? refreshedAt = registry.LastRefreshedAt;

        await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("replacement")], exitCode: 3);
        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Failed, outcome.Status);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal(["kept"], Names(registry));
        Assert.Equal(refreshedAt, registry.LastRefreshedAt);
        Assert.Equal(stored, await File.ReadAllBytesAsync(Dir.HostDb));
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("code 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_LeavesRegistryUntouched_WhenTheScriptIsKilledBySignal()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("kept")]);
        HostsRegistry registry = Create(script);
        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        await Dir.WriteScriptAsync("hosts", $"cat <<'EOF'\n{HostLines.Valid("replacement")}\nEOF\nkill -KILL $$\n");
        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Crashed, outcome.Status);
        Assert.Equal(9, outcome.Signal);
        Assert.Equal(["kept"], Names(registry));
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("signal 9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_KillsTheScriptAndItsChildren_WhenItExceedsTheTimeLimit()
    {
        string pidFile = Dir.File("child.pid");
        string script = await Dir.WriteScriptAsync("hosts",
            $"{Dir.CountRun}echo '{HostLines.Valid("never")}'\nsleep 120 &\necho $! > '{pidFile}'\nwait\n");
        HostsRegistry registry = Create(script, tune: o => o with { ScriptTimeout = TimeSpan.FromSeconds(1) });
        var stopwatch = Stopwatch.StartNew();

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.TimedOut, outcome.Status);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.Empty(registry.List());
        Assert.False(File.Exists(Dir.HostDb));
        int childPid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ProcessGoneAsync(childPid), $"child {childPid} of the script still runs");
    }

    [Fact]
    public async Task Refresh_ReportsStartFailed_WhenTheScriptDoesNotExist()
    {
        HostsRegistry registry = Create(Dir.File("no-such-script"));

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.StartFailed, outcome.Status);
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 4015);
    }

    [Fact]
    public async Task Refresh_ReportsStartFailed_WhenTheScriptIsNotExecutable()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("a")]);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.StartFailed, outcome.Status);
        Assert.Equal(0, Dir.RunCount);
    }

    [Fact]
    public async Task Refresh_RunsTheScriptWithoutShellOrArguments()
    {
        string argsFile = Dir.File("args");
        string script = await Dir.WriteScriptAsync("hosts", $"echo \"$#:$0\" > '{argsFile}'\n");
        HostsRegistry registry = Create(script);

        await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal($"0:{script}", (await File.ReadAllTextAsync(argsFile)).Trim());
    }

    [Fact]
    public async Task Refresh_GivesTheScriptAClosedStandardInput()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"cat > /dev/null\necho '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
    }

    [Fact]
    public async Task Refresh_DrainsALargeStandardError_AndLogsItTruncatedAtDebugLevel()
    {
        string script = await Dir.WriteScriptAsync("hosts",
            $"head -c 1000000 /dev/zero | tr '\\0' 'e' >&2\necho '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        CapturedLog stderr = Assert.Single(Logger.Entries, e => e.EventId == 4017);
        Assert.Equal(LogLevel.Debug, stderr.Level);
        Assert.True(stderr.Message.Length < 8 * 1024);
        Assert.Contains("truncated", stderr.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_IgnoresALineLongerThanTheCap()
    {
        string longName = new('x', 1000);
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid(longName), HostLines.Valid("short")]);
        HostsRegistry registry = Create(script, tune: o => o with { MaxLineBytes = 300 });

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        Assert.Equal(1, outcome.IgnoredLines);
        Assert.Equal(["short"], Names(registry));
    }

    [Fact]
    public async Task Refresh_FailsAndKillsTheScript_WhenItsOutputExceedsTheCap()
    {
        string script = await Dir.WriteScriptAsync("hosts",
            $"i=0; while [ $i -lt 2000 ]; do echo '{HostLines.Valid("h")}'; i=$((i+1)); done\n");
        HostsRegistry registry = Create(script, tune: o => o with { MaxOutputBytes = 10_000 });

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.OutputTooLarge, outcome.Status);
        Assert.Empty(registry.List());
    }

    [Fact]
    public async Task RequestRefresh_IsANoOp_WhileTheScriptRuns()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"{Dir.CountRun}{Dir.WaitForGo}echo '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script);

        Assert.True(registry.RequestRefresh());
        bool[] concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(registry.RequestRefresh))).WaitAsync(Bound);
        Task<RefreshOutcome> joined = registry.RefreshAsync(CancellationToken.None);
        Assert.All(concurrent, Assert.False);
        Assert.False(joined.IsCompleted);

        Dir.ReleaseScripts();
        RefreshOutcome outcome = await joined.WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, outcome.Status);
        Assert.Equal(1, Dir.RunCount);
        Assert.Same(outcome, await registry.CurrentRun!.WaitAsync(Bound));

        // Once the run is over, a request starts a new one.
        Assert.True(registry.RequestRefresh());
        await registry.CurrentRun!.WaitAsync(Bound);
        Assert.Equal(2, Dir.RunCount);
    }

    [Fact]
    public async Task RequestRefresh_StartsARun_WhenTheCallerSuppressedExecutionContextFlow()
    {
        string script = await Dir.WriteEchoScriptAsync("hosts", [HostLines.Valid("a")]);
        HostsRegistry registry = Create(script);

        bool started;
        using (ExecutionContext.SuppressFlow())
        {
            started = registry.RequestRefresh();
        }

        Assert.True(started);
        Assert.Equal(RefreshStatus.Succeeded, (await registry.CurrentRun!.WaitAsync(Bound)).Status);
    }

    [Fact]
    public async Task RefreshAsync_CallersShareOneRun_WhenCalledConcurrently()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"{Dir.CountRun}{Dir.WaitForGo}echo '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script);

        Task<RefreshOutcome>[] callers = [.. Enumerable.Range(0, 5).Select(_ => registry.RefreshAsync(CancellationToken.None))];
        Dir.ReleaseScripts();
        RefreshOutcome[] outcomes = await Task.WhenAll(callers).WaitAsync(Bound);

        Assert.All(outcomes, o => Assert.Same(outcomes[0], o));
        Assert.Equal(1, Dir.RunCount);
    }

    [Fact]
    public async Task RefreshAsync_StopsWaiting_WhenCancelled_WhileTheRunContinues()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"{Dir.CountRun}{Dir.WaitForGo}echo '{HostLines.Valid("a")}'\n");
        HostsRegistry registry = Create(script);
        using var cts = new CancellationTokenSource();

        Task<RefreshOutcome> waiting = registry.RefreshAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound));
        Dir.ReleaseScripts();
        Assert.Equal(RefreshStatus.Succeeded, (await registry.CurrentRun!.WaitAsync(Bound)).Status);
        Assert.Equal(["a"], Names(registry));
    }

    [Fact]
    public async Task RefreshAsync_ReportsSkipped_WhenNoScriptIsConfigured()
    {
        HostsRegistry registry = Create(script: null);

        RefreshOutcome outcome = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.SkippedNoScript, outcome.Status);
        Assert.False(registry.RequestRefresh());
    }

    [Fact]
    public async Task DisposeAsync_KillsARunningScript_AndLeavesTheRegistryUntouched()
    {
        string script = await Dir.WriteScriptAsync("hosts", $"echo '{HostLines.Valid("a")}'\n{Dir.CountRun}{Dir.WaitForGo}");
        HostsRegistry registry = Create(script);
        Assert.True(registry.RequestRefresh());
        Task<RefreshOutcome> run = registry.CurrentRun!;
        await WaitUntilAsync(() => Dir.RunCount == 1);
        var stopwatch = Stopwatch.StartNew();

        await registry.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(RefreshStatus.Aborted, (await run.WaitAsync(Bound)).Status);
        Assert.Empty(registry.List());
        Assert.False(registry.RequestRefresh());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => registry.RefreshAsync(CancellationToken.None));
    }

    private static async Task<bool> ProcessGoneAsync(int pid)
    {
        // Gone, or a zombie waiting for a reaper (a container's init may not reap orphans).
        for (int i = 0; i < 100; i++)
        {
            string stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }

            try
            {
                string text = await File.ReadAllTextAsync(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < Bound, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
