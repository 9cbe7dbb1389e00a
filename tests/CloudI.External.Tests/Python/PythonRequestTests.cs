using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CloudI.Configuration;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.External.Tests.Python;

/// <summary>
/// The Python library (python/cloudi_spec.py) against the real runtime over local, tcp and udp
/// with 1 and 4 threads: INIT and environment values, subscriptions, every way of sending and
/// answering, forwards, null responses, timeouts and priorities.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonRequestTests
{
    public static TheoryData<ExternalProtocol, int> Matrix => new()
    {
        { ExternalProtocol.Local, 1 }, { ExternalProtocol.Local, 4 },
        { ExternalProtocol.Tcp, 1 }, { ExternalProtocol.Tcp, 4 },
        { ExternalProtocol.Udp, 1 }, { ExternalProtocol.Udp, 4 },
    };

    private static readonly ServiceOptions s_priority2 = ServiceOptions.Default with { PriorityDefault = 2 };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task InitFieldsAndSubscriptionsReachTheLibrary(ExternalProtocol protocol, int threads)
    {
        await using var rt = new PythonRuntime();
        Guid id = await rt.AddAsync(PythonRuntime.Service("/py/", protocol, threads, options: s_priority2));

        var pids = new HashSet<int>();
        for (int t = 0; t < threads; t++)
        {
            string name = $"/py/p0t{t}/cmd";
            JsonElement info = await rt.CmdAsync(name, new { op = "info" }, timeout: 4000, priority: -3,
                requestInfo: "k\0v\0");
            pids.Add(info.GetProperty("os_pid").GetInt32());
            Assert.Equal(t, info.GetProperty("thread_index").GetInt32());

            JsonElement init = info.GetProperty("init");
            Assert.Equal(0, init.GetProperty("process_index").GetInt32());
            Assert.Equal(1, init.GetProperty("process_count").GetInt32());
            Assert.Equal(1, init.GetProperty("process_count_max").GetInt32());
            Assert.Equal(1, init.GetProperty("process_count_min").GetInt32());
            Assert.Equal("/py/", init.GetProperty("prefix").GetString());
            Assert.Equal(10000, init.GetProperty("timeout_initialize").GetInt32());
            Assert.Equal(4001, init.GetProperty("timeout_async").GetInt32());
            Assert.Equal(3001, init.GetProperty("timeout_sync").GetInt32());
            Assert.Equal(1500, init.GetProperty("timeout_terminate").GetInt32()); // 2.0.x: configured − 500
            Assert.Equal(2, init.GetProperty("priority_default").GetInt32());
            Assert.True(init.GetProperty("fatal_exceptions").GetBoolean());
            Assert.Equal(-1, init.GetProperty("bind").GetInt32());

            JsonElement statics = info.GetProperty("static");
            Assert.Equal(threads, statics.GetProperty("thread_count").GetInt32());
            Assert.Equal(0, statics.GetProperty("process_index").GetInt32());
            Assert.Equal(1, statics.GetProperty("process_count_max").GetInt32());
            Assert.Equal(1, statics.GetProperty("process_count_min").GetInt32());
            Assert.Equal(10000, statics.GetProperty("timeout_initialize").GetInt32());
            Assert.Equal(2000, statics.GetProperty("timeout_terminate").GetInt32()); // the env var is unreduced

            JsonElement accessors = info.GetProperty("accessors");
            Assert.Equal("/py/", accessors.GetProperty("prefix").GetString());
            Assert.Equal(4001, accessors.GetProperty("timeout_async").GetInt32());
            Assert.Equal(3001, accessors.GetProperty("timeout_sync").GetInt32());
            Assert.Equal("2.0", accessors.GetProperty("api_version").GetString());

            JsonElement request = info.GetProperty("request");
            Assert.Equal(name, request.GetProperty("name").GetString());
            Assert.Equal(name, request.GetProperty("pattern").GetString());
            Assert.Equal("sync", request.GetProperty("type").GetString());
            Assert.Equal(-3, request.GetProperty("priority").GetInt32());
            Assert.InRange(request.GetProperty("timeout").GetInt32(), 3500, 4000);
            Assert.Equal("v", request.GetProperty("info").GetProperty("k").GetString());
            Assert.Equal(protocol.ToString().ToLowerInvariant(),
                info.GetProperty("env").GetProperty("CLOUDI_API_INIT_PROTOCOL").GetString());
        }

        Assert.Single(pids); // all threads live in one OS process

        // Two callbacks on one pattern: subscribe_count 2, called round-robin by the library.
        Assert.Equal(2, (await rt.CmdAsync("/py/p0t0/cmd", new { op = "subscribe_count", pattern = "rr" }))
            .GetProperty("count").GetInt32());
        string[] rr = new string[3];
        for (int k = 0; k < 3; k++)
        {
            rr[k] = (await rt.Context.SendSync("/py/p0t0/rr", $"{k}")).ResponseText;
        }

        Assert.Equal(["A:0", "B:1", "A:2"], rr);
        Assert.Equal(threads, rt.Runtime.Subscriptions(id)!.Count(p => p == "/py/echo"));

        // subscribe → reachable, unsubscribe → gone (a short timeout: no lookup retry).
        Assert.Equal(1, (await rt.CmdAsync("/py/p0t0/cmd", new { op = "subscribe", pattern = "dyn" }))
            .GetProperty("count").GetInt32());
        SendSyncResult dyn = await rt.Context.SendSync("/py/dyn", "d", 400);
        Assert.Equal("d", dyn.ResponseText);
        Assert.Equal(0, (await rt.CmdAsync("/py/p0t0/cmd", new { op = "unsubscribe", pattern = "dyn" }))
            .GetProperty("count").GetInt32());
        SendSyncResult gone = await rt.Context.SendSync("/py/dyn", "d", 400);
        Assert.False(gone.IsOk);
        Assert.True(gone.TransId.IsNull);
        Assert.DoesNotContain("/py/dyn", rt.Runtime.Subscriptions(id)!);
        Assert.DoesNotContain(rt.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task SendsGoEveryWay(ExternalProtocol protocol, int threads)
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(CsServices.Config(processes: 2));
        await rt.AddAsync(PythonRuntime.Service("/py/", protocol, threads, options: s_priority2));
        await rt.AddAsync(PythonRuntime.Service("/pyb/", protocol, 1));

        // C# → Python, sync, with request info echoed.
        SendSyncResult echo = await rt.Context.SendSync("/py/echo", Encoding.UTF8.GetBytes("a\0b\0"),
            Encoding.UTF8.GetBytes("hello"), 2000);
        Assert.Equal("hello", echo.ResponseText);
        Assert.Equal("a\0b\0", Encoding.UTF8.GetString(echo.ResponseInfo.Span));
        Assert.Equal(1, echo.TransId.Version);

        // C# → Python, async + recv_async.
        TransId sent = (await rt.Context.SendAsync("/py/echo", "later", 2000)).Value;
        RecvAsyncResult later = await rt.Context.RecvAsync(2000, sent);
        Assert.Equal(("later", sent), (later.ResponseText, later.TransId));

        // return_sync / return_async called explicitly by the callback.
        Assert.Equal("sync:x", (await rt.Context.SendSync("/py/ret", "x", 2000)).ResponseText);
        TransId ra = (await rt.Context.SendAsync("/py/ret", "y", 2000)).Value;
        Assert.Equal("async:y", (await rt.Context.RecvAsync(2000, ra)).ResponseText);

        for (int t = 0; t < threads; t++)
        {
            string cmd = $"/py/p0t{t}/cmd";

            // Python → C# (default timeout and priority come from INIT: 3001 and 2).
            JsonElement toCs = await rt.CmdAsync(cmd, new { op = "send_sync", name = "/cs/echo", body = "x", info = "i\0j\0" });
            Assert.Equal("cs:x", toCs.GetProperty("body").GetString());
            Assert.Equal("i\0j\0", toCs.GetProperty("info").GetString());
            string meta = (await rt.CmdAsync(cmd, new { op = "send_sync", name = "/cs/meta" })).GetProperty("body").GetString()!;
            Assert.Equal("3001:2", meta);
            meta = (await rt.CmdAsync(cmd, new { op = "send_sync", name = "/cs/meta", timeout = 4294967295L, priority = -7 }))
                .GetProperty("body").GetString()!;
            Assert.Equal("4294967295:-7", meta); // a SMALL_BIG timeout from Python

            // Python → Python (another service).
            Assert.Equal("pp", (await rt.CmdAsync(cmd, new { op = "send_sync", name = "/pyb/echo", body = "pp" }))
                .GetProperty("body").GetString());

            // Python → its own service: another thread answers; a lone thread excludes itself.
            JsonElement self = await rt.CmdAsync(cmd, new { op = "send_sync", name = "/py/echo", body = "me", timeout = 400 });
            if (threads > 1)
            {
                Assert.Equal("me", self.GetProperty("body").GetString());
            }
            else
            {
                Assert.Equal("", self.GetProperty("body").GetString());
                Assert.Equal(new string('0', 32), self.GetProperty("tid").GetString());
            }
        }

        // send_async + recv_async by TransId and by "oldest" (to a one-thread service: answered in order).
        string[] bodies = ["1", "2", "3", "4", "5"];
        foreach (string mode in new[] { "id", "oldest" })
        {
            JsonElement batch = await rt.CmdAsync("/py/cmd", new { op = "async_batch", name = "/pyb/echo", bodies, mode, recv_timeout = 2000 });
            string[] sentIds = [.. batch.GetProperty("sent").EnumerateArray().Select(e => e.GetString()!)];
            Assert.Equal(bodies, batch.GetProperty("got").EnumerateArray().Select(e => e.GetProperty("body").GetString()));
            Assert.Equal(sentIds, batch.GetProperty("got").EnumerateArray().Select(e => e.GetProperty("tid").GetString()));
            Assert.Equal(5, sentIds.Distinct().Count());
        }

        // recv_async with nothing stored: the timeout form with the null TransId.
        JsonElement none = await rt.CmdAsync("/py/cmd", new { op = "recv", timeout = 300 });
        Assert.Equal(("", new string('0', 32)), (none.GetProperty("body").GetString(), none.GetProperty("tid").GetString()));

        // mcast_async from C# reaches every thread; from Python every C# process.
        CloudIResult<IReadOnlyList<TransId>> mc = await rt.Context.McastAsync("/py/echo", default, Encoding.UTF8.GetBytes("m"), 2000);
        Assert.Equal(threads, mc.Value.Count);
        foreach (TransId t in mc.Value)
        {
            Assert.Equal("m", (await rt.Context.RecvAsync(2000, t)).ResponseText);
        }

        JsonElement pyMc = await rt.CmdAsync("/py/cmd", new { op = "mcast", name = "/cs/echo", body = "n", recv_timeout = 2000 });
        Assert.Equal(2, pyMc.GetProperty("tids").GetArrayLength());
        Assert.All(pyMc.GetProperty("got").EnumerateArray(), e => Assert.Equal("cs:n", e.GetProperty("body").GetString()));
        JsonElement selfMc = await rt.CmdAsync("/py/p0t0/cmd", new { op = "mcast", name = "/py/echo", body = "s", timeout = 400, recv_timeout = 2000 });
        Assert.Equal(threads - 1, selfMc.GetProperty("tids").GetArrayLength()); // the sender is excluded
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ForwardsNullResponsesTimeoutsAndPriorities(ExternalProtocol protocol, int threads)
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(CsServices.Config());
        await rt.AddAsync(PythonRuntime.Service("/py/", protocol, threads));
        await rt.AddAsync(PythonRuntime.Service("/pyb/", protocol, 1));

        // forward_sync chain C# → py → pyb → py → C#: 100 ms less per hop, the last hop answers the context.
        byte[] chain = JsonSerializer.SerializeToUtf8Bytes(new { hops = new[] { "/pyb/fwd", "/py/fwd", "/cs/end" } });
        SendSyncResult fs = await rt.Context.SendSync("/py/fwd", default, chain, 3000);
        Assert.True(fs.IsOk, rt.Logs.Dump());
        AssertTrail(fs.ResponseText, "sync", 3000);

        TransId fa = (await rt.Context.SendAsync("/py/fwd", default, chain, 3000)).Value;
        RecvAsyncResult far = await rt.Context.RecvAsync(3000, fa);
        Assert.Equal(fa, far.TransId);
        AssertTrail(far.ResponseText, "async", 3000);

        // Null responses: delivered only when the returned timeout is ≥ 20001 (the sender then
        // sees a timeout at once, with the real TransId); otherwise the sender waits for its timer.
        var watch = Stopwatch.StartNew();
        SendSyncResult delivered = await rt.Context.SendSync("/py/null", "25000", 6000);
        Assert.True((delivered.Error, delivered.TransId.IsNull) == ("timeout", false), delivered.Error);
        Assert.True(watch.ElapsedMilliseconds < 4000, $"{watch.ElapsedMilliseconds} ms"); // not the sender's 6 s
        watch.Restart();
        SendSyncResult discarded = await rt.Context.SendSync("/py/null", "20000", 600);
        Assert.Equal("timeout", discarded.Error);
        Assert.True(watch.ElapsedMilliseconds >= 550, $"{watch.ElapsedMilliseconds} ms");
        TransId nullAsync = (await rt.Context.SendAsync("/py/null", "25000", 2000)).Value;
        Assert.Equal("timeout", (await rt.Context.RecvAsync(600, nullAsync)).Error); // never stored

        JsonElement pyNull = await rt.CmdAsync("/py/cmd", new { op = "send_sync", name = "/pyb/null", body = "25000", timeout = 2000 });
        Assert.Equal("", pyNull.GetProperty("body").GetString());
        Assert.NotEqual(new string('0', 32), pyNull.GetProperty("tid").GetString());

        // Timeouts seen by Python: no answer (real TransId) and no destination (null TransId, after the 500 ms retry).
        watch.Restart();
        JsonElement noAnswer = await rt.CmdAsync("/py/cmd", new { op = "send_sync", name = "/cs/noreply", timeout = 300 });
        Assert.Equal("", noAnswer.GetProperty("body").GetString());
        Assert.NotEqual(new string('0', 32), noAnswer.GetProperty("tid").GetString());
        JsonElement nowhere = await rt.CmdAsync("/py/cmd", new { op = "send_sync", name = "/nowhere", timeout = 700 });
        Assert.Equal(new string('0', 32), nowhere.GetProperty("tid").GetString());
        Assert.InRange(watch.ElapsedMilliseconds, 750, 3000);

        // A C# sender times out on a slow Python callback; the late answer is dropped and the thread goes on.
        watch.Restart();
        SendSyncResult slow = await rt.Context.SendSync("/py/p0t0/sleep", "1000", 200);
        Assert.True(slow.Error == "timeout", $"answered \"{slow.ResponseText}\" after {watch.ElapsedMilliseconds} ms "
            + $"(thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} pending)");
        Assert.InRange(watch.ElapsedMilliseconds, 150, 1500);
        Assert.Equal("after", (await rt.Context.SendSync("/py/p0t0/echo", "after", 2000)).ResponseText);
        Assert.Equal("timeout", (await rt.Context.RecvAsync(100)).Error); // nothing stray stored

        // Priorities: while one thread is busy, its queue is served by priority (−128 first), FIFO within one.
        TransId busy = (await rt.Context.SendAsync("/py/p0t0/sleep", "300", 3000)).Value;
        var queued = new List<TransId>();
        foreach ((string body, sbyte priority) in new[] { ("a", (sbyte)5), ("b", (sbyte)-5), ("c", (sbyte)0), ("d", (sbyte)0) })
        {
            queued.Add((await rt.Context.SendAsync("/py/p0t0/prio", default, Encoding.UTF8.GetBytes(body), 3000, priority)).Value);
        }

        JsonElement handled = await rt.CmdAsync("/py/p0t0/cmd", new { op = "handled" }, priority: 127);
        Assert.Equal(["b:-5", "c:0", "d:0", "a:5"], handled.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("slept", (await rt.Context.RecvAsync(3000, busy)).ResponseText);
        foreach (TransId q in queued)
        {
            Assert.True((await rt.Context.RecvAsync(3000, q)).IsOk);
        }
    }

    private static void AssertTrail(string json, string type, int timeout)
    {
        JsonElement trail = JsonDocument.Parse(json).RootElement.GetProperty("trail");
        Assert.Equal(4, trail.GetArrayLength());
        Assert.Equal("cs", trail[3].GetProperty("at").GetString());
        Assert.StartsWith("p0t", trail[1].GetProperty("at").GetString()); // /pyb/
        for (int hop = 0; hop < 4; hop++)
        {
            Assert.Equal(type, trail[hop].GetProperty("type").GetString());
            // Each forward costs FORWARD_DELTA (100 ms) plus the time spent.
            Assert.InRange(trail[hop].GetProperty("timeout").GetInt32(), timeout - 100 * hop - 300, timeout - 100 * hop);
        }
    }
}
