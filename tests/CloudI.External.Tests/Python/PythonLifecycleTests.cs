using System.Diagnostics;
using System.Text.Json;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.External.Tests.Python;

/// <summary>
/// Start-up, state and edge cases of Python services: shutdown before polling, init timeout,
/// exec failure, restart of a whole service, messages not allowed in the thread's state, the
/// udp keepalive, large payloads and non-ASCII names.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonLifecycleTests
{
    private static string Mode(string mode) => $"{PythonRuntime.Script("spec_service.py")} --mode={mode}";

    [Fact]
    public async Task ShutdownBeforePollingCountsAsStartedThenRemovesTheService()
    {
        await using var rt = new PythonRuntime();
        Guid id = await rt.AddAsync(PythonRuntime.Service("/py/", threads: 2, processes: 2, args: Mode("shutdown-in-init")));
        await rt.WaitUntilAsync(() => rt.Runtime.Services.All(s => s.Id != id), "the service to be removed");
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("requested shutdown: early")), rt.Logs.Dump());
        Assert.DoesNotContain(rt.Logs.Entries, e => e.Message.Contains("restarting"));
    }

    [Fact]
    public async Task AServiceThatNeverPollsFailsToStartAndIsKilled()
    {
        await using var rt = new PythonRuntime();
        var watch = Stopwatch.StartNew();
        ExternalServiceConfig config = PythonRuntime.Service("/py/", maxR: 1, args: Mode("no-poll")) with
        {
            TimeoutInit = 400,
            TimeoutTerminate = 300,
        };
        await Assert.ThrowsAsync<ServiceStartException>(() => rt.AddAsync(config));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
        Assert.Empty(rt.Runtime.Services);
        int[] pids = [.. rt.Logs.Entries.Select(e => e.Message).Where(m => m.Contains("spawned with"))
            .Select(m => int.Parse(m.Split("OS pid ")[1].Split(' ')[0]))];
        Assert.Equal(2, pids.Length); // the first attempt and one restart (MaxR 1)
        await rt.WaitUntilAsync(() => pids.All(p => !PythonRuntime.IsRunning(p)), "the processes to be killed");
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("did not initialise within timeout_init")), rt.Logs.Dump());
    }

    [Fact]
    public async Task AProcessThatDiesBeforePollingIsRetriedOnlyByTheStart()
    {
        // Each death during initialisation is one failed start, retried under MaxR by the start
        // alone: before, the instance's restart also reacted to the death and started a second
        // replacement for the same slot.
        await using var rt = new PythonRuntime();
        ExternalServiceConfig config = PythonRuntime.Service("/py/", maxR: 2) with
        {
            FilePath = "/bin/sh",
            Args = "-c \"exit 3\"",
        };
        await Assert.ThrowsAsync<ServiceStartException>(() => rt.AddAsync(config));
        Assert.Empty(rt.Runtime.Services);
        await Task.Delay(300);  // a second replacement, if any, would have been spawned by now
        Assert.Equal(3, rt.Logs.Entries.Count(e => e.Message.Contains("spawned with")));  // first attempt and MaxR 2 retries
        Assert.DoesNotContain(rt.Logs.Entries, e => e.Message.Contains("restarting ("));
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("failed during initialisation (exited with")), rt.Logs.Dump());
    }

    [Fact]
    public async Task OnStopTheRuntimeClosesItsSocketsBeforeItKills()
    {
        // §6.8: TERM, wait (2.0.x: timeout_terminate − 500), close the runtime's socket ends,
        // SIGKILL only at timeout_terminate. A library that leaves only when its socket closes
        // (as CloudI's 1.5.3 Node library does) thus exits by itself instead of being killed.
        await using var rt = new PythonRuntime();
        ExternalServiceConfig config = PythonRuntime.Service("/py/", args: Mode("linger-until-eof")) with { TimeoutTerminate = 1500 };
        Guid id = await rt.AddAsync(config);
        int pid = (await rt.OsPidAsync("/py/cmd"))!.Value;
        var watch = Stopwatch.StartNew();
        await rt.Runtime.RemoveServiceAsync(id);
        await rt.WaitUntilAsync(() => !PythonRuntime.IsRunning(pid), "the process to exit");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"{watch.Elapsed}");  // it did wait for the process first
        Assert.DoesNotContain(rt.Logs.Entries, e => e.Message.Contains("SIGKILL"));
    }

    [Fact]
    public async Task CountProcessDynamicIsSaidToHaveNoEffectOnExternalServices()
    {
        await using var rt = new PythonRuntime();
        var options = ServiceOptions.Default with { CountProcessDynamic = CountProcessDynamic.Default };
        await rt.AddAsync(PythonRuntime.Service("/py/", options: options));
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("count_process_dynamic has no effect on external services")), rt.Logs.Dump());
    }

    [Fact]
    public async Task AMissingExecutableFailsToStart()
    {
        await using var rt = new PythonRuntime();
        ServiceStartException e = await Assert.ThrowsAsync<ServiceStartException>(() =>
            rt.AddAsync(PythonRuntime.Service("/py/", maxR: 0) with { FilePath = "/no/such/python3" }));
        Assert.Equal("exec_ENOENT", e.Reason);
        Assert.Empty(rt.Runtime.Services);
    }

    [Fact]
    public async Task RestartingTheServiceReplacesEveryProcess()
    {
        await using var rt = new PythonRuntime();
        Guid id = await rt.AddAsync(PythonRuntime.Service("/py/", threads: 2, processes: 2));
        int p0 = (await rt.OsPidAsync("/py/p0t0/cmd"))!.Value;
        int p1 = (await rt.OsPidAsync("/py/p1t1/cmd"))!.Value;
        Assert.True(await rt.Runtime.RestartServiceAsync(id));
        Assert.NotEqual(p0, await rt.OsPidAsync("/py/p0t1/cmd"));
        Assert.NotEqual(p1, await rt.OsPidAsync("/py/p1t0/cmd"));
        Assert.Equal(4, rt.Runtime.Subscriptions(id)!.Count(p => p == "/py/echo"));
        Assert.False(PythonRuntime.IsRunning(p0) || PythonRuntime.IsRunning(p1));
    }

    [Fact]
    public async Task ASecondInitIsAProtocolViolation()
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/", processes: 2));
        int p0 = (await rt.OsPidAsync("/py/p0t0/cmd"))!.Value;
        int p1 = (await rt.OsPidAsync("/py/p1t0/cmd"))!.Value;
        // The bytes of the atom init, sent after polling (the thread is in HANDLE).
        await rt.Context.SendAsync("/py/p0t0/cmd", JsonSerializer.Serialize(new { op = "garbage", hex = "837304696e6974" }), 2000);
        await rt.NewOsPidAsync("/py/p0t0/cmd", p0);
        Assert.Equal(p1, await rt.OsPidAsync("/py/p1t0/cmd"));
        // The runtime itself stopped the thread (not the library choking on a second INIT).
        Assert.True(rt.Logs.Contains(e => e.Message.Contains($"(OS pid {p0}) failed: protocol")), rt.Logs.Dump());
    }

    [Fact]
    public async Task AMessageBeforeInitIsAProtocolViolation()
    {
        await using var rt = new PythonRuntime();
        var watch = Stopwatch.StartNew();
        ExternalServiceConfig config = PythonRuntime.Service("/py/", maxR: 0, args: PythonRuntime.Script("raw_before_init.py")) with
        {
            TimeoutInit = 4000,
            TimeoutTerminate = 300,
        };
        await Assert.ThrowsAsync<ServiceStartException>(() => rt.AddAsync(config));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"{watch.Elapsed}: not rejected before timeout_init");
        Assert.True(rt.Logs.Contains(l => l.Message.Contains("failed: protocol") && l.Message.Contains("before init")), rt.Logs.Dump());
    }

    [Fact]
    public async Task SendSyncBeforePollingIsAProtocolViolation()
    {
        await using var rt = new PythonRuntime();
        await Assert.ThrowsAsync<ServiceStartException>(() =>
            rt.AddAsync(PythonRuntime.Service("/py/", maxR: 0, args: Mode("sync-in-init"))));
        Assert.Empty(rt.Runtime.Services);
        Assert.True(rt.Logs.Contains(l => l.Message.Contains("before polling")), rt.Logs.Dump());
    }

    [Fact]
    public async Task AReturnOfTheWrongTypeIsAProtocolViolation()
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/"));
        int pid = (await rt.OsPidAsync("/py/cmd"))!.Value;
        Assert.Equal("w", (await rt.Context.SendSync("/py/wrong", "w", 2000)).ResponseText); // right type
        TransId sent = (await rt.Context.SendAsync("/py/wrong", "w", 2000)).Value;
        await rt.NewOsPidAsync("/py/cmd", pid);
        Assert.Equal("timeout", (await rt.Context.RecvAsync(0, sent)).Error);
    }

    [Fact]
    public async Task TheUdpKeepaliveKeepsAnswersFlowing()
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/", ExternalProtocol.Udp, threads: 2));
        int pid = (await rt.OsPidAsync("/py/cmd"))!.Value;
        await Task.Delay(TimeSpan.FromMilliseconds(5600)); // one keepalive tick (5000 ms) has passed
        Assert.Equal(pid, await rt.OsPidAsync("/py/p0t0/cmd"));
        Assert.Equal(pid, await rt.OsPidAsync("/py/p0t1/cmd"));
        Assert.DoesNotContain(rt.Logs.Entries, e => e.Message.Contains("keepalive"));
    }

    [Fact]
    public async Task AnUdpRequestTooLargeForOneDatagramTimesOutWithoutKillingTheProcess()
    {
        // Spec §2: udp messages stay within buffer_size and 65507 bytes; a larger one is dropped
        // with a warning (its sender times out) instead of failing the OS process on EMSGSIZE.
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/", ExternalProtocol.Udp));
        int pid = (await rt.OsPidAsync("/py/cmd"))!.Value;
        Assert.Equal("timeout", (await rt.Context.SendSync("/py/echo", default, new byte[70_000], 1000)).Error);
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("do not fit one udp message")), rt.Logs.Dump());
        Assert.Equal("small", (await rt.Context.SendSync("/py/echo", "small", 2000)).ResponseText);
        Assert.Equal(pid, (await rt.OsPidAsync("/py/cmd"))!.Value);
    }

    [Theory]
    [InlineData(ExternalProtocol.Local, 1 << 20)]
    [InlineData(ExternalProtocol.Tcp, 1 << 20)]
    [InlineData(ExternalProtocol.Udp, 60000)]
    public async Task LargePayloadsAndNonAsciiNamesRoundTrip(ExternalProtocol protocol, int size)
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/", protocol, threads: 2));
        byte[] body = new byte[size];
        new Random(size).NextBytes(body);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            rt.Context.SendSync("/py/echo", default, body, 5000).AsTask()));
        Assert.All(results, r => Assert.True(r.Response.Span.SequenceEqual(body), r.Error));

        Assert.Equal(1, (await rt.CmdAsync("/py/p0t0/cmd", new { op = "subscribe", pattern = "naïve/δ" })).GetProperty("count").GetInt32());
        SendSyncResult utf8 = await rt.Context.SendSync("/py/naïve/δ", "ü", 2000);
        Assert.Equal("ü", utf8.ResponseText);
    }
}
