using HarpCaller.Tests.AdminCli;

namespace HarpCaller.Tests.Operations;

/// <summary><c>queue-list</c>, <c>queue-cancel</c>, <c>hosts-list</c> and <c>hosts-refresh</c> against a real daemon process.</summary>
[Collection(SharedDaemonCollection.Name)]
public sealed class QueueAndHostsTests(SharedDaemonFixture fixture)
{
    private const string Cancelled = "{\"cancelled\":true}";
    private readonly OpsHarness _h = fixture.H;

    private static void AssertOk(CliResult r)
    {
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task QueueList_ThenQueueCancel_EveryJobOfTheQueueEndsCancelled()
    {
        var tag = $"queue-{Guid.NewGuid():N}";
        var queue = $"{{\"ops\":\"{tag}\",\"n\":1}}";
        // The same name, keys reordered and spaced: names compare as JSON values.
        var sameQueue = $"{{ \"n\": 1, \"ops\": \"{tag}\" }}";
        var inQueue = $",\"queue\":{{\"name\":{queue},\"concurrency\":1}}";
        var head = await _h.SubmitAsync("sleep", "[60]", inQueue);
        var second = await _h.SubmitAsync("return", "[\"second\"]", inQueue);
        var third = await _h.SubmitAsync("return", "[\"third\"]", inQueue);
        var other = await _h.SubmitAsync("sleep", "[60]");
        try
        {
            await _h.WaitStartedAsync(head);
            await _h.WaitStartedAsync(other);

            var names = await _h.Cli("queue-list");
            AssertOk(names);
            Assert.Contains(queue, JobLines.Split(names.Out));

            var jobs = await _h.Cli("queue-list", sameQueue);
            AssertOk(jobs);
            var lines = JobLines.Split(jobs.Out);
            Assert.Equal(3, lines.Length);
            Assert.Matches(JobLines.Pattern(head, "sleep", "[60]", started: true, ended: false, ",\"running\":true"), lines[0]);
            Assert.Matches(JobLines.Pattern(second, "return", "[\"second\"]", started: false, ended: false, ",\"running\":false"), lines[1]);
            Assert.Matches(JobLines.Pattern(third, "return", "[\"third\"]", started: false, ended: false, ",\"running\":false"), lines[2]);

            var cancel = await _h.Cli("queue-cancel", sameQueue);
            AssertOk(cancel);
            Assert.Equal("", cancel.Out);
            Assert.Equal(Cancelled, await _h.ResultAsync(head));
            Assert.Equal(Cancelled, await _h.ResultAsync(second));
            Assert.Equal(Cancelled, await _h.ResultAsync(third));
            Assert.Null((await _h.TimesAsync(second)).Start);
            Assert.Null((await _h.TimesAsync(third)).Start);

            // The job outside the queue is untouched.
            Assert.Null((await _h.TimesAsync(other)).End);

            names = await _h.Cli("queue-list");
            AssertOk(names);
            Assert.DoesNotContain(queue, JobLines.Split(names.Out));
            jobs = await _h.Cli("queue-list", queue);
            AssertOk(jobs);
            Assert.Equal("", jobs.Out);
        }
        finally
        {
            await _h.Cli("cancel", other);
            await _h.Cli("queue-cancel", queue);
        }
        Assert.Equal(Cancelled, await _h.ResultAsync(other));
    }

    [Fact]
    public async Task QueueList_WithANameThatIsNotJson_IsAUsageError()
    {
        var r = await _h.Cli("queue-list", "{not json");
        Cli.AssertCleanFailure(r, 2, "--help");
    }

    [Fact]
    public async Task HostsList_PrintsH1WithAddressAndPort_NeverTheCredentials()
    {
        var r = await _h.Cli("hosts-list");
        AssertOk(r);
        Assert.Equal($"{{\"hostname\":\"h1\",\"address\":\"127.0.0.1\",\"port\":{_h.Harpd.Port}}}\n", r.Out);
        Assert.DoesNotContain("secret", r.Out);
        Assert.DoesNotContain("secret", r.Err);
        Assert.DoesNotContain("secret", fixture.Daemon.Output);
    }

    [Fact]
    public async Task HostsRefresh_RunsTheHostsScriptNow()
    {
        var before = fixture.HostsRuns;
        Assert.True(before >= 1, "the hosts script did not run at start");
        var r = await _h.Cli("hosts-refresh");
        AssertOk(r);
        Assert.Equal("", r.Out);
        await Poll.UntilAsync(() => fixture.HostsRuns > before, "the hosts script ran again");

        // The registry is the script's output, as before.
        await Poll.UntilAsync(async () =>
        {
            var list = await _h.Cli("hosts-list");
            return list.Code == 0 && list.Out == $"{{\"hostname\":\"h1\",\"address\":\"127.0.0.1\",\"port\":{_h.Harpd.Port}}}\n";
        }, "hosts-list after the refresh");
        await _h.AssertACallWorksAsync();
    }
}
