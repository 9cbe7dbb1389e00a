using System.Text.Json;

namespace HarpCaller.Tests.Engine;

public sealed class CancelAndQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<string> Cancel(string id) => _h.RequestAsync($"{{\"harpcaller\":1,\"cancel\":\"{id}\"}}");

    private async Task<JsonElement> Time(string id) =>
        JsonDocument.Parse(await _h.StatusAsync(id)).RootElement.GetProperty("time");

    private async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Cancel_RunningJob_ClosesTheDaemonConnectionAtOnce()
    {
        var id = await _h.SubmitAsync("h1", "sleep", "[60]");
        await WaitUntil(() => _h.Harpd.OpenConnections == 1);
        Assert.Equal("{\"cancelled\":true}", await Cancel(id));
        await WaitUntil(() => _h.Harpd.OpenConnections == 0);
        Assert.Equal("{\"cancelled\":true}", await _h.ResultAsync(id));
        var time = await Time(id);
        Assert.Equal(JsonValueKind.Number, time.GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Number, time.GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task Cancel_EndedJob_ReturnsFalse()
    {
        var id = await _h.SubmitAsync("h1", "return", "[1]");
        await _h.ResultAsync(id);
        Assert.Equal("{\"cancelled\":false}", await Cancel(id));
        Assert.Equal("{\"result\":1}", await _h.ResultAsync(id));
    }

    [Fact]
    public async Task Cancel_QueuedJob_KeepsStartNull()
    {
        const string queue = ",\"queue\":{\"name\":{\"q\":\"cancel\"},\"concurrency\":1}";
        var first = await _h.SubmitAsync("h1", "sleep", "[60]", queue);
        var second = await _h.SubmitAsync("h1", "return", "[2]", queue);
        Assert.Equal("{\"cancelled\":true}", await Cancel(second));
        Assert.Equal("{\"cancelled\":true}", await _h.ResultAsync(second));
        var time = await Time(second);
        Assert.Equal(JsonValueKind.Null, time.GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Number, time.GetProperty("end").ValueKind);
        Assert.Equal("{\"cancelled\":true}", await Cancel(first));
    }

    [Fact]
    public async Task Queue_RunsJobsInOrder_OneAtATime()
    {
        const string queue = ",\"queue\":{\"name\":{\"q\":\"fifo\",\"n\":1}}";
        // Same queue although key order differs.
        const string sameQueue = ",\"queue\":{\"name\":{\"n\":1,\"q\":\"fifo\"}}";
        var a = await _h.SubmitAsync("h1", "sleep", "[1]", queue);
        var b = await _h.SubmitAsync("h1", "return", "[\"b\"]", sameQueue);
        await Task.Delay(300);
        Assert.Equal("{\"no_result\":true}", await _h.RequestAsync($"{{\"harpcaller\":1,\"get_result\":\"{b}\",\"wait\":false}}"));
        Assert.Equal(JsonValueKind.Null, (await Time(b)).GetProperty("start").ValueKind);
        Assert.Equal("{\"result\":\"b\"}", await _h.ResultAsync(b));
        Assert.True((await Time(b)).GetProperty("start").GetInt64() >= (await Time(a)).GetProperty("end").GetInt64());
    }

    [Fact]
    public async Task Queue_ConcurrencyIsFixedByTheCreatingCall()
    {
        const string created = ",\"queue\":{\"name\":{\"q\":\"conc\"},\"concurrency\":2}";
        const string joining = ",\"queue\":{\"name\":{\"q\":\"conc\"},\"concurrency\":10}";
        var ids = new List<string> { await _h.SubmitAsync("h1", "sleep", "[1]", created) };
        for (var i = 0; i < 4; i++) ids.Add(await _h.SubmitAsync("h1", "sleep", "[1]", joining));
        var maxOpen = 0;
        var all = Task.WhenAll(ids.Select(_h.ResultAsync));
        while (!all.IsCompleted)
        {
            maxOpen = Math.Max(maxOpen, _h.Harpd.OpenConnections);
            await Task.Delay(10);
        }
        await all;
        Assert.Equal(2, maxOpen);
    }

    [Fact]
    public async Task Queue_GoneWhenEmpty_IsCreatedAfreshWithTheNextCallsConcurrency()
    {
        const string one = ",\"queue\":{\"name\":{\"q\":\"again\"},\"concurrency\":1}";
        const string two = ",\"queue\":{\"name\":{\"q\":\"again\"},\"concurrency\":2}";
        Assert.Equal("{\"result\":1}", await _h.ResultAsync(await _h.SubmitAsync("h1", "return", "[1]", one)));
        await WaitUntil(() => _h.Host.ListQueues().Count == 0);

        // The queue is gone: this call creates it anew with concurrency 2 (spec 1.9).
        var ids = new List<string>();
        for (var i = 0; i < 2; i++) ids.Add(await _h.SubmitAsync("h1", "sleep", "[1]", two));
        await WaitUntil(() => _h.Harpd.OpenConnections == 2);
        foreach (var id in ids) Assert.Equal("{\"result\":\"slept\"}", await _h.ResultAsync(id));
    }

    [Fact]
    public async Task Queue_WaitingTime_DoesNotCountAgainstTimeout()
    {
        const string queue = ",\"queue\":{\"name\":{\"q\":\"timeouts\"}}";
        var first = await _h.SubmitAsync("h1", "sleep", "[2]", queue);
        var second = await _h.SubmitAsync("h1", "return", "[\"ok\"]", queue + ",\"timeout\":1,\"max_exec_time\":1");
        Assert.Equal("{\"result\":\"slept\"}", await _h.ResultAsync(first));
        Assert.Equal("{\"result\":\"ok\"}", await _h.ResultAsync(second));
    }

    [Fact]
    public async Task Restart_KeepsQueuedJobs_AndEndsRunningOnesWithMissingResult()
    {
        const string queue = ",\"queue\":{\"name\":{\"q\":\"restart\"}}";
        var running = await _h.SubmitAsync("h1", "sleep", "[60]", queue);
        var queued = await _h.SubmitAsync("h1", "return", "[\"after restart\"]", queue);
        await WaitUntil(() => _h.Harpd.OpenConnections == 1);

        await _h.RestartAsync(grace: TimeSpan.FromMilliseconds(100));

        Assert.Contains("\"type\":\"missing_result\"", await _h.ResultAsync(running));
        Assert.Equal("{\"result\":\"after restart\"}", await _h.ResultAsync(queued));
    }
}
