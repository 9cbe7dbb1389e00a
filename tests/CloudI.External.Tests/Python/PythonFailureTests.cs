using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using CloudI.Transactions;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Tests.Python;

/// <summary>
/// Failures of Python services under the real runtime: protocol violations and crashes restart
/// only the OS process concerned, <c>shutdown</c> removes the service, MaxR exhaustion removes
/// it, and a kill -9 under load loses no request silently and answers none wrongly.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonFailureTests
{
    public static TheoryData<ExternalProtocol, int> Matrix => PythonRequestTests.Matrix;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ViolationsRestartOnlyTheirProcessAndShutdownRemovesTheService(ExternalProtocol protocol, int threads)
    {
        await using var rt = new PythonRuntime();
        Guid id = await rt.AddAsync(PythonRuntime.Service("/py/", protocol, threads, processes: 2, maxR: 10));
        int last = threads - 1;
        int p0 = (await rt.OsPidAsync($"/py/p0t{last}/cmd"))!.Value;
        int p1 = (await rt.OsPidAsync($"/py/p1t{last}/cmd"))!.Value;
        Assert.NotEqual(p0, p1);

        // Unsubscribing a pattern never subscribed is a protocol violation: process 0 restarts.
        await rt.Context.SendAsync($"/py/p0t{last}/cmd", JsonSerializer.Serialize(new { op = "unsubscribe", pattern = "never" }), 2000);
        int p0b = await rt.NewOsPidAsync($"/py/p0t0/cmd", p0);
        Assert.Equal(p1, await rt.OsPidAsync($"/py/p1t0/cmd"));
        Assert.True(rt.Logs.Contains(e => e.Level == LogLevel.Error && e.Message.Contains("never")), rt.Logs.Dump());

        // A garbage frame (not ETF) from process 1: process 1 restarts, process 0 stays.
        await rt.Context.SendAsync($"/py/p1t{last}/cmd", JsonSerializer.Serialize(new { op = "garbage" }), 2000);
        int p1b = await rt.NewOsPidAsync($"/py/p1t{last}/cmd", p1);
        Assert.Equal(p0b, await rt.OsPidAsync($"/py/p0t{last}/cmd"));
        await rt.WaitUntilAsync(() => !PythonRuntime.IsRunning(p0) && !PythonRuntime.IsRunning(p1), "the old processes to be gone");

        // Every thread of both processes answers again.
        for (int p = 0; p < 2; p++)
        {
            for (int t = 0; t < threads; t++)
            {
                Assert.Equal("ok", (await rt.Context.SendSync($"/py/p{p}t{t}/echo", "ok", 2000)).ResponseText);
            }
        }

        // {shutdown, Reason}: the service is removed (no restart), both OS processes exit. (The
        // answer to the request that asked for it races with the stop, so it is not awaited.)
        await rt.Context.SendAsync("/py/p0t0/cmd", JsonSerializer.Serialize(new { op = "shutdown", reason = "done" }), 2000);
        await rt.WaitUntilAsync(() => rt.Runtime.Services.All(s => s.Id != id), "the service to be removed");
        await rt.WaitUntilAsync(() => !PythonRuntime.IsRunning(p0b) && !PythonRuntime.IsRunning(p1b), "the processes to exit");
        Assert.False((await rt.Context.SendSync("/py/echo", "x", 300)).IsOk);
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("requested shutdown: done")), rt.Logs.Dump());
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task KillUnderLoadRestartsAndNoRequestIsAnsweredWrongly(ExternalProtocol protocol, int threads)
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/", protocol, threads));
        int pid = (await rt.OsPidAsync("/py/cmd"))!.Value;

        const int Senders = 16;
        var stop = new CancellationTokenSource();
        var wrong = new ConcurrentQueue<string>();
        long ok = 0, timeouts = 0;
        long okAfterRestart = 0;
        int newPid = 0;

        async Task Sender(int s)
        {
            ServiceDispatcher context = rt.Runtime.CreateContext();
            var answered = new HashSet<string>();
            for (int k = 0; !stop.IsCancellationRequested; k++)
            {
                string body = $"s{s}-{k}";
                string info = $"i{s}-{k}";
                string? got;
                string? gotInfo;
                bool isOk;
                if (s % 2 == 0)
                {
                    SendSyncResult r = await context.SendSync("/py/echo", Encoding.UTF8.GetBytes(info), Encoding.UTF8.GetBytes(body), 1000);
                    (isOk, got, gotInfo) = (r.IsOk, r.ResponseText, Encoding.UTF8.GetString(r.ResponseInfo.Span));
                    if (!r.IsOk && r.Error != "timeout")
                    {
                        wrong.Enqueue($"{body}: error {r.Error}");
                    }
                }
                else
                {
                    CloudIResult<TransId> sent = await context.SendAsync("/py/echo", Encoding.UTF8.GetBytes(info), Encoding.UTF8.GetBytes(body), 1000);
                    if (!sent.IsOk)
                    {
                        Interlocked.Increment(ref timeouts);
                        continue;
                    }

                    RecvAsyncResult r = await context.RecvAsync(1000, sent.Value);
                    (isOk, got, gotInfo) = (r.IsOk, r.ResponseText, Encoding.UTF8.GetString(r.ResponseInfo.Span));
                    if (r.TransId != sent.Value)
                    {
                        wrong.Enqueue($"{body}: TransId {r.TransId} for {sent.Value}");
                    }
                }

                if (!isOk)
                {
                    Interlocked.Increment(ref timeouts);
                    continue;
                }

                if (got != body || gotInfo != info || !answered.Add(got))
                {
                    wrong.Enqueue($"{body}/{info}: answered {got}/{gotInfo}");
                }

                Interlocked.Increment(ref ok);
                if (Volatile.Read(ref newPid) != 0)
                {
                    Interlocked.Increment(ref okAfterRestart);
                }
            }

            // Nothing stray is left: an extra or duplicate answer would be stored here.
            if ((await context.RecvAsync(0)).IsOk)
            {
                wrong.Enqueue($"sender {s}: a response nobody asked for");
            }

            rt.Runtime.CloseContext(context);
        }

        Task[] senders = [.. Enumerable.Range(0, Senders).Select(s => Task.Run(() => Sender(s)))];
        await rt.WaitUntilAsync(() => Interlocked.Read(ref ok) >= 200, "load before the kill");
        Process.GetProcessById(pid).Kill(); // SIGKILL
        newPid = await rt.NewOsPidAsync("/py/cmd", pid);
        await rt.WaitUntilAsync(() => Interlocked.Read(ref okAfterRestart) >= 200, "load after the restart");
        stop.Cancel();
        await Task.WhenAll(senders).WaitAsync(PythonRuntime.Limit);

        Assert.True(wrong.IsEmpty, string.Join("\n", wrong));
        // Each sender has one request outstanding at a time: only those in flight at the kill (and
        // a few sent while no thread was subscribed) time out; a bound, not an exact count.
        Assert.InRange(Interlocked.Read(ref timeouts), 0, 4 * Senders);
        Assert.True(rt.Logs.Contains(e => e.Message.Contains($"OS pid {pid} exited with SIGKILL")
            || e.Message.Contains("socket_closed")), rt.Logs.Dump());
        Assert.True(rt.Logs.Contains(e => e.Message.Contains("restarting")), rt.Logs.Dump());
    }

    [Fact]
    public async Task ExhaustingMaxRRemovesTheService()
    {
        await using var rt = new PythonRuntime();
        var removed = new TaskCompletionSource<ServiceRemovedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        rt.Runtime.ServiceRemoved += (_, e) => removed.TrySetResult(e);
        Guid id = await rt.AddAsync(PythonRuntime.Service("/py/", maxR: 1));
        int first = (await rt.OsPidAsync("/py/cmd"))!.Value;

        await rt.Context.SendAsync("/py/cmd", JsonSerializer.Serialize(new { op = "exit", code = 3 }), 2000);
        int second = await rt.NewOsPidAsync("/py/cmd", first); // R = 1 of MaxR 1
        await rt.Context.SendAsync("/py/cmd", JsonSerializer.Serialize(new { op = "exit", code = 4 }), 2000);

        ServiceRemovedEventArgs e = await removed.Task.WaitAsync(PythonRuntime.Limit);
        Assert.Equal(id, e.Id);
        Assert.True(e.Reason is "socket_closed" || e.Reason.Contains("status 4"), e.Reason); // whichever is noticed first
        Assert.DoesNotContain(rt.Runtime.Services, s => s.Id == id);
        await rt.WaitUntilAsync(() => !PythonRuntime.IsRunning(second), "the last process to be gone");
        Assert.False((await rt.Context.SendSync("/py/echo", "x", 300)).IsOk);
        Assert.True(rt.Logs.Contains(l => l.Message.Contains("exceeded MaxR 1")), rt.Logs.Dump());
    }
}
