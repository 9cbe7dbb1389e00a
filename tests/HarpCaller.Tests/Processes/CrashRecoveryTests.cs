using System.Net;
using System.Text.Json;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Processes;

public sealed class CrashRecoveryTests
{
    private static async Task<string> Submit(IPEndPoint server, string procedure, string args, string extra = "") =>
        JobIdOf(await RequestAsync(server, Call("h1", procedure, args, extra)));

    private static Task<string> Result(IPEndPoint server, string id) =>
        RequestAsync(server, $"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":true}}");

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task KillDashNine_WithJobsQueuedAndRunning_LosesNoAcknowledgedJob()
    {
        await using var h = await ProcessHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        var server = daemon.Server;
        const string queue = ",\"queue\":{\"name\":{\"crash\":true},\"concurrency\":1}";

        var ended = await Submit(server, "return", "[\"done before\"]");
        Assert.Equal("{\"result\":\"done before\"}", await Result(server, ended));
        var running = await Submit(server, "sleep", "[120]");
        var streaming = await Submit(server, "stream_sleep", "[3, 120]");
        var queueHead = await Submit(server, "sleep", "[120]", queue);
        var queued = new List<string>();
        for (var i = 0; i < 5; i++) queued.Add(await Submit(server, "return", $"[{i}]", queue));

        await WaitUntil(async () =>
        {
            var lines = await RequestLinesAsync(server, $"{{\"harpcaller\":1,\"read_stream\":\"{streaming}\"}}");
            return lines.Count == 4 && h.Harpd!.OpenConnections == 3;
        });

        daemon.Signal(DaemonProcess.SIGKILL);
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));

        server = (await h.StartDaemonAsync()).Server;
        Assert.Equal("{\"result\":\"done before\"}", await Result(server, ended));
        foreach (var id in new[] { running, streaming, queueHead })
        {
            Assert.Contains("\"type\":\"missing_result\"", await Result(server, id));
        }
        var packets = await RequestLinesAsync(server, $"{{\"harpcaller\":1,\"read_stream\":\"{streaming}\"}}");
        Assert.Equal(4, packets.Count);
        Assert.StartsWith("{\"packet\":2,\"data\":2", packets[2]);

        var starts = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"{{\"result\":{i}}}", await Result(server, queued[i]));
            var status = JsonDocument.Parse(await RequestAsync(server, $"{{\"harpcaller\":1,\"get_status\":\"{queued[i]}\"}}"));
            starts.Add(status.RootElement.GetProperty("time").GetProperty("start").GetInt64());
        }
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public async Task Sigterm_StopsGracefully_RunningJobsEndMissingResult_QueuedJobsSurvive()
    {
        await using var h = await ProcessHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        const string queue = ",\"queue\":{\"name\":{\"term\":1}}";
        var running = await Submit(daemon.Server, "sleep", "[120]", queue);
        var queued = await Submit(daemon.Server, "return", "[\"later\"]", queue);
        await WaitUntil(() => Task.FromResult(h.Harpd!.OpenConnections == 1));

        daemon.Signal(DaemonProcess.SIGTERM);
        Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await h.Harpd!.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(10));

        var again = await h.StartDaemonAsync();
        Assert.Contains("\"type\":\"missing_result\"", await Result(again.Server, running));
        Assert.Equal("{\"result\":\"later\"}", await Result(again.Server, queued));
    }

    [Fact]
    public async Task A_queue_rebuilt_after_a_crash_keeps_its_creators_concurrency()
    {
        await using var h = await ProcessHarness.CreateAsync();
        var daemon = await h.StartDaemonAsync();
        // Created with concurrency 1; the later calls ask for 3 and join under 1 (spec 1.9).
        var creator = await Submit(daemon.Server, "sleep", "[120]", ",\"queue\":{\"name\":{\"c\":1},\"concurrency\":1}");
        const string joining = ",\"queue\":{\"name\":{\"c\":1},\"concurrency\":3}";
        var second = await Submit(daemon.Server, "sleep", "[120]", joining);
        var third = await Submit(daemon.Server, "return", "[3]", joining);
        await WaitUntil(() => Task.FromResult(h.Harpd!.OpenConnections == 1));

        daemon.Signal(DaemonProcess.SIGKILL);
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await h.Harpd!.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(10));

        // The creator ends with missing_result; the rebuilt queue runs one job at a time, so the
        // third waits behind the second instead of running beside it.
        var again = await h.StartDaemonAsync();
        Assert.Contains("\"type\":\"missing_result\"", await Result(again.Server, creator));
        await WaitUntil(() => Task.FromResult(h.Harpd!.OpenConnections == 1));
        await Task.Delay(500);
        Assert.Equal("{\"no_result\":true}", await RequestAsync(again.Server, $"{{\"harpcaller\":1,\"get_result\":\"{third}\",\"wait\":false}}"));
        Assert.Equal("{\"cancelled\":true}", await RequestAsync(again.Server, $"{{\"harpcaller\":1,\"cancel\":\"{second}\"}}"));
        Assert.Equal("{\"result\":3}", await Result(again.Server, third));
    }
}
