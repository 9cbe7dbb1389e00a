using System.Text.Json;
using HarpCaller.Control;
using HarpCaller.Tests.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Control;

/// <summary>Every control command's wire reply (harpcaller-admin.md), against a real dispatcher and test harpd.</summary>
public sealed class AdminCommandTests() : ControlTestBase("control")
{
    private const string Queue = ",\"queue\":{\"name\":{\"q\":\"admin\"},\"concurrency\":1}";
    private Task<string> Ask(string request) => ControlClient.RequestOnceAsync(SocketPath, request);

    private async Task<JsonElement> AskJson(string request)
    {
        using var doc = JsonDocument.Parse(await Ask(request));
        return doc.RootElement.Clone();
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Status_IsRunning() =>
        Assert.Equal("{\"result\":\"running\"}", await Ask("{\"command\":\"status\"}"));

    [Fact]
    public async Task Stop_RepliesWithThePid_AndAsksTheDaemonToStop()
    {
        Assert.Equal($"{{\"result\":\"ok\",\"pid\":{Environment.ProcessId}}}", await Ask("{\"command\":\"stop\"}"));
        Assert.Equal(1, Lifecycle.Stops);
    }

    [Fact]
    public async Task ListJobs_ShowsRunningAndQueuedJobs_WithTheJobShapeAndQueue()
    {
        var running = await H.SubmitAsync("h1", "sleep", "[30]", Queue);
        var waiting = await H.SubmitAsync("h1", "return", "[{\"a\":[1,2]}]", Queue);
        var alone = await H.SubmitAsync("h1", "sleep", "[30]");
        await WaitUntilAsync(async () => (await H.StatusAsync(running)).Contains("\"start\":1"));

        var reply = await AskJson("{\"command\":\"list_jobs\",\"all\":false}");

        Assert.Equal("ok", reply.GetProperty("result").GetString());
        var jobs = reply.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal([running, waiting, alone], jobs.Select(j => j.GetProperty("job").GetString()));
        var second = jobs[1];
        Assert.Equal(["job", "call", "time", "queue"], second.EnumerateObject().Select(p => p.Name));
        Assert.Equal("{\"host\":\"h1\",\"procedure\":\"return\",\"arguments\":[{\"a\":[1,2]}]}", second.GetProperty("call").GetRawText());
        Assert.Equal("{\"q\":\"admin\"}", second.GetProperty("queue").GetRawText());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("time").GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("time").GetProperty("end").ValueKind);
        Assert.Equal(JsonValueKind.Number, jobs[0].GetProperty("time").GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, jobs[2].GetProperty("queue").ValueKind);
    }

    [Fact]
    public async Task ListJobs_All_AlsoShowsEndedJobs_InSubmissionOrder()
    {
        var ended = await H.SubmitAsync("h1", "return", "[1]");
        Assert.Contains("\"result\":1", await H.ResultAsync(ended));
        var running = await H.SubmitAsync("h1", "sleep", "[30]");

        var active = await AskJson("{\"command\":\"list_jobs\"}");
        var all = await AskJson("{\"command\":\"list_jobs\",\"all\":true}");

        Assert.Equal([running], active.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetString()));
        var jobs = all.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal([ended, running], jobs.Select(j => j.GetProperty("job").GetString()));
        Assert.Equal(JsonValueKind.Number, jobs[0].GetProperty("time").GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task ListJobs_All_PagesThroughManyJobs()
    {
        var ids = new List<string>();
        for (var i = 0; i < 2_100; i++) ids.Add(await H.SubmitAsync("nohost", "x", $"[{i}]"));

        var all = await AskJson("{\"command\":\"list_jobs\",\"all\":true}");

        Assert.Equal(ids, all.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetString()));
    }

    [Fact]
    public async Task ListJobs_RejectsANonBooleanAll() =>
        Assert.Equal("{\"result\":\"error\",\"message\":\"\\\"all\\\" must be true or false\"}",
            await Ask("{\"command\":\"list_jobs\",\"all\":\"yes\"}"));

    [Fact]
    public async Task JobInfo_OfAnEndedJob_AndOfUnknownAndInvalidIds()
    {
        var id = await H.SubmitAsync("h1", "return", "[7]");
        await H.ResultAsync(id);

        var info = await AskJson($"{{\"command\":\"job_info\",\"job\":\"{id}\"}}");
        Assert.Equal("ok", info.GetProperty("result").GetString());
        Assert.Equal(id, info.GetProperty("info").GetProperty("job").GetString());
        Assert.Equal(["job", "call", "time"], info.GetProperty("info").EnumerateObject().Select(p => p.Name));
        Assert.Equal("[7]", info.GetProperty("info").GetProperty("call").GetProperty("arguments").GetRawText());

        Assert.Equal("{\"result\":\"no_such_job\"}", await Ask($"{{\"command\":\"job_info\",\"job\":\"{Guid.NewGuid()}\"}}"));
        Assert.Contains("must be a job id", await Ask("{\"command\":\"job_info\",\"job\":\"not-a-uuid\"}"));
        Assert.Contains("must be a job id", await Ask("{\"command\":\"job_info\"}"));
    }

    [Fact]
    public async Task CancelJob_EndsARunningJobAsCancelled_AndUnknownIsNoSuchJob()
    {
        var id = await H.SubmitAsync("h1", "sleep", "[30]");
        await WaitUntilAsync(async () => (await H.StatusAsync(id)).Contains("\"start\":1"));

        Assert.Equal("{\"result\":\"ok\"}", await Ask($"{{\"command\":\"cancel_job\",\"job\":\"{id}\"}}"));
        Assert.Equal("{\"cancelled\":true}", await H.ResultAsync(id));
        Assert.Equal("{\"result\":\"ok\"}", await Ask($"{{\"command\":\"cancel_job\",\"job\":\"{id}\"}}"));
        Assert.Equal("{\"result\":\"no_such_job\"}", await Ask($"{{\"command\":\"cancel_job\",\"job\":\"{Guid.NewGuid()}\"}}"));
    }

    [Fact]
    public async Task Queues_AreListed_ShownRunningFirst_AndCancelledWhole()
    {
        var first = await H.SubmitAsync("h1", "sleep", "[30]", Queue);
        var second = await H.SubmitAsync("h1", "sleep", "[30]", Queue);
        var third = await H.SubmitAsync("h1", "return", "[3]", Queue);
        await H.SubmitAsync("h1", "sleep", "[30]", ",\"queue\":{\"name\":{\"n\":\"other\"}}");
        await WaitUntilAsync(async () => (await H.StatusAsync(first)).Contains("\"start\":1"));

        Assert.Equal("{\"result\":\"ok\",\"queues\":[{\"n\":\"other\"},{\"q\":\"admin\"}]}", await Ask("{\"command\":\"list_queues\"}"));

        // The name is matched as JSON: whitespace and key order do not matter.
        var raw = await Ask("{\"command\":\"list_queue\",\"queue\":{ \"q\" : \"admin\" }}");
        Assert.StartsWith("{\"result\":\"ok\"", raw);
        using var parsed = JsonDocument.Parse(raw);
        var queue = parsed.RootElement;
        var jobs = queue.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal([first, second, third], jobs.Select(j => j.GetProperty("job").GetString()));
        Assert.Equal([true, false, false], jobs.Select(j => j.GetProperty("running").GetBoolean()));
        Assert.Equal(["job", "call", "time", "running"], jobs[0].EnumerateObject().Select(p => p.Name));

        Assert.Equal("{\"result\":\"ok\"}", await Ask("{\"command\":\"cancel_queue\",\"queue\":{\"q\":\"admin\"}}"));
        foreach (var id in new[] { first, second, third }) Assert.Equal("{\"cancelled\":true}", await H.ResultAsync(id));
        Assert.Equal("{\"result\":\"ok\",\"queues\":[{\"n\":\"other\"}]}", await Ask("{\"command\":\"list_queues\"}"));
        Assert.Equal("{\"result\":\"ok\",\"jobs\":[]}", await Ask("{\"command\":\"list_queue\",\"queue\":{\"q\":\"admin\"}}"));
        Assert.Equal("{\"result\":\"ok\"}", await Ask("{\"command\":\"cancel_queue\",\"queue\":\"never-existed\"}"));
        Assert.Contains("queue\\\" is missing", await Ask("{\"command\":\"list_queue\"}"));
    }

    [Fact]
    public async Task ListHosts_ShowsNameAddressPort_NeverCredentials()
    {
        await H.Host.Hosts.PendingRefresh; // the run at start-up
        var reply = await Ask("{\"command\":\"list_hosts\"}");

        Assert.DoesNotContain("secret", reply);
        Assert.DoesNotContain("not-the-password", reply);
        Assert.DoesNotContain("credentials", reply);
        using var doc = JsonDocument.Parse(reply);
        var hosts = doc.RootElement.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Contains(hosts, h => h.GetRawText() == $"{{\"hostname\":\"h1\",\"address\":\"127.0.0.1\",\"port\":{H.Harpd.Port}}}");
        Assert.All(hosts, h => Assert.Equal(["hostname", "address", "port"], h.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task RefreshHosts_RunsTheScriptAgain()
    {
        await H.Host.Hosts.PendingRefresh; // the run at start-up
        var before = H.Host.Hosts.LastRefreshedAt;
        Assert.NotNull(before);

        Assert.Equal("{\"result\":\"ok\"}", await Ask("{\"command\":\"refresh_hosts\"}"));

        await WaitUntilAsync(() => Task.FromResult(H.Host.Hosts.LastRefreshedAt > before));
    }

    [Fact]
    public async Task PruneJobs_RemovesEndedJobsOlderThanTheAge_NeverActiveOnes()
    {
        var ended = await H.SubmitAsync("h1", "return", "[1]");
        await H.ResultAsync(ended);
        var running = await H.SubmitAsync("h1", "sleep", "[30]");

        Assert.Equal("{\"result\":\"ok\",\"pruned\":0}", await Ask("{\"command\":\"prune_jobs\",\"max_age\":3600}"));
        await Task.Delay(1100); // ends are recorded in whole seconds
        Assert.Equal("{\"result\":\"ok\",\"pruned\":1}", await Ask("{\"command\":\"prune_jobs\",\"max_age\":0}"));

        Assert.Equal("{\"result\":\"no_such_job\"}", await Ask($"{{\"command\":\"job_info\",\"job\":\"{ended}\"}}"));
        Assert.Contains("\"result\":\"ok\"", await Ask($"{{\"command\":\"job_info\",\"job\":\"{running}\"}}"));
        Assert.Contains("non-negative number", await Ask("{\"command\":\"prune_jobs\",\"max_age\":-1}"));
        Assert.Contains("non-negative number", await Ask("{\"command\":\"prune_jobs\"}"));
    }

    [Fact]
    public async Task ReopenLogs_ReachesTheDaemon()
    {
        Assert.Equal("{\"result\":\"ok\"}", await Ask("{\"command\":\"reopen_logs\"}"));
        Assert.Equal(1, Lifecycle.Reopens);
    }

    [Theory]
    [InlineData("dist_start")]
    [InlineData("dist_stop")]
    public async Task DistributedErlang_IsAClearError(string command)
    {
        var reply = await AskJson($"{{\"command\":\"{command}\"}}");

        Assert.Equal("error", reply.GetProperty("result").GetString());
        Assert.Contains("not an Erlang node", reply.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Reload_AppliesLiveChanges_AndReportsWhatNeedsARestart()
    {
        Lifecycle.NextConfiguration = () => H.Options with
        {
            DefaultTimeout = TimeSpan.FromSeconds(99),
            Listen = [new HarpCaller.Configuration.ListenAddress("127.0.0.1", 1)],
        };

        Assert.Equal("{\"result\":\"ok\",\"restart_required\":[\"listen\"]}", await Ask("{\"command\":\"reload_config\"}"));

        Assert.Equal(TimeSpan.FromSeconds(99), H.Host.Options.DefaultTimeout);
        Assert.Equal(H.Options.Listen, H.Host.Options.Listen);
    }

    [Fact]
    public async Task Reload_ThatFails_LeavesTheConfigurationAlone()
    {
        var before = H.Host.Options;
        Lifecycle.NextConfiguration = () => throw new HarpCaller.Configuration.ConfigException("harpcaller.toml:3: default_timeout: must be positive", "harpcaller.toml", 3, "default_timeout");

        var reply = await AskJson("{\"command\":\"reload_config\"}");

        Assert.Equal("error", reply.GetProperty("result").GetString());
        Assert.Contains("harpcaller.toml:3", reply.GetProperty("message").GetString());
        Assert.Same(before, H.Host.Options);
    }
}
