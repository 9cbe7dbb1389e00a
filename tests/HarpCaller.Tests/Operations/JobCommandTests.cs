using System.Text.RegularExpressions;

namespace HarpCaller.Tests.Operations;

/// <summary><c>list</c>, <c>info</c>, <c>cancel</c> and <c>prune-jobs</c> against a real daemon process.</summary>
[Collection(SharedDaemonCollection.Name)]
public sealed class JobCommandTests(SharedDaemonFixture fixture)
{
    private const string Cancelled = "{\"cancelled\":true}";
    private readonly OpsHarness _h = fixture.H;

    private static void AssertOk(AdminCli.CliResult r)
    {
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task List_Queue_All_AndInfo_PrintTheJobsInSubmissionOrder()
    {
        var queue = $"{{\"ops\":\"list-{Guid.NewGuid():N}\"}}";
        var inQueue = $",\"queue\":{{\"name\":{queue},\"concurrency\":1}}";
        var ended = await _h.SubmitAsync("return", "[\"ended\"]");
        Assert.Equal("{\"result\":\"ended\"}", await _h.ResultAsync(ended));
        var running = await _h.SubmitAsync("sleep", "[60]");
        var head = await _h.SubmitAsync("sleep", "[60]", inQueue);
        var waiting = await _h.SubmitAsync("return", "[\"waiting\"]", inQueue);
        try
        {
            await _h.WaitStartedAsync(running);
            await _h.WaitStartedAsync(head);

            var list = await _h.Cli("list");
            AssertOk(list);
            JobLines.AssertKeys(list.Out, "job", "call", "time");
            var mine = JobLines.Of(list.Out, ended, running, head, waiting);
            Assert.Equal(3, mine.Length);
            Assert.Matches(JobLines.Pattern(running, "sleep", "[60]", started: true, ended: false), mine[0]);
            Assert.Matches(JobLines.Pattern(head, "sleep", "[60]", started: true, ended: false), mine[1]);
            Assert.Matches(JobLines.Pattern(waiting, "return", "[\"waiting\"]", started: false, ended: false), mine[2]);

            var withQueue = await _h.Cli("list", "--queue");
            AssertOk(withQueue);
            JobLines.AssertKeys(withQueue.Out, "job", "call", "time", "queue");
            mine = JobLines.Of(withQueue.Out, ended, running, head, waiting);
            Assert.Equal(3, mine.Length);
            Assert.Matches(JobLines.Pattern(running, "sleep", "[60]", started: true, ended: false, ",\"queue\":null"), mine[0]);
            Assert.Matches(JobLines.Pattern(head, "sleep", "[60]", started: true, ended: false, $",\"queue\":{queue}"), mine[1]);
            Assert.Matches(JobLines.Pattern(waiting, "return", "[\"waiting\"]", started: false, ended: false, $",\"queue\":{queue}"), mine[2]);

            var all = await _h.Cli("list", "--all");
            AssertOk(all);
            JobLines.AssertKeys(all.Out, "job", "call", "time");
            mine = JobLines.Of(all.Out, ended, running, head, waiting);
            Assert.Equal(4, mine.Length);
            Assert.Matches(JobLines.Pattern(ended, "return", "[\"ended\"]", started: true, ended: true), mine[0]);
            Assert.Matches(JobLines.Pattern(running, "sleep", "[60]", started: true, ended: false), mine[1]);
            Assert.Matches(JobLines.Pattern(head, "sleep", "[60]", started: true, ended: false), mine[2]);
            Assert.Matches(JobLines.Pattern(waiting, "return", "[\"waiting\"]", started: false, ended: false), mine[3]);

            var info = await _h.Cli("info", ended);
            AssertOk(info);
            var line = Assert.Single(JobLines.Split(info.Out));
            Assert.Matches(JobLines.Pattern(ended, "return", "[\"ended\"]", started: true, ended: true), line);
            var times = await _h.TimesAsync(ended);
            Assert.Contains($"\"time\":{{\"submit\":{times.Submit},\"start\":{times.Start},\"end\":{times.End}}}", line);
            Assert.True(times.Submit <= times.Start && times.Start <= times.End, line);

            info = await _h.Cli("info", waiting);
            AssertOk(info);
            Assert.Matches(JobLines.Pattern(waiting, "return", "[\"waiting\"]", started: false, ended: false), Assert.Single(JobLines.Split(info.Out)));
        }
        finally
        {
            await _h.Cli("cancel", running);
            await _h.Cli("queue-cancel", queue);
        }
        Assert.Equal(Cancelled, await _h.ResultAsync(running));
        Assert.Equal(Cancelled, await _h.ResultAsync(head));
        Assert.Equal(Cancelled, await _h.ResultAsync(waiting));
    }

    [Fact]
    public async Task Cancel_ARunningJob_ItsResultIsCancelled_AndCancellingItAgainSucceeds()
    {
        var id = await _h.SubmitAsync("sleep", "[60]");
        await _h.WaitStartedAsync(id);

        var r = await _h.Cli("cancel", id);
        AssertOk(r);
        Assert.Equal("", r.Out);
        Assert.Equal(Cancelled, await _h.ResultAsync(id));
        Assert.NotNull((await _h.TimesAsync(id)).End);

        r = await _h.Cli("cancel", id);
        AssertOk(r);
        Assert.Equal(Cancelled, await _h.ResultAsync(id));

        var list = await _h.Cli("list");
        AssertOk(list);
        Assert.Empty(JobLines.Of(list.Out, id));
    }

    [Fact]
    public async Task InfoAndCancel_OfAnUnknownJob_Exit1WithAMessage()
    {
        var unknown = Guid.NewGuid().ToString("D");
        foreach (var command in new[] { "info", "cancel" })
        {
            var r = await _h.Cli(command, unknown);
            AdminCli.Cli.AssertCleanFailure(r, 1, "no such job");
            Assert.Equal("", r.Out);
        }
        Assert.False(fixture.Daemon.HasExited);
    }

    [Fact]
    public async Task PruneJobs_AgeZero_RemovesTheEndedJob_KeepsTheRunningOne()
    {
        var ended = await _h.SubmitAsync("return", "[\"prune me\"]");
        Assert.Equal("{\"result\":\"prune me\"}", await _h.ResultAsync(ended));
        var running = await _h.SubmitAsync("sleep", "[60]");
        try
        {
            await _h.WaitStartedAsync(running);
            // Times are whole seconds: once the clock is past the end's second, the job ended "more than 0 days ago".
            var end = (await _h.TimesAsync(ended)).End!.Value;
            var wait = DateTimeOffset.FromUnixTimeSeconds(end + 1) + TimeSpan.FromMilliseconds(200) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);

            var r = await _h.Cli("prune-jobs", "--age=0");
            AssertOk(r);
            var match = Regex.Match(r.Out, @"^pruned (\d+) jobs\n$");
            Assert.True(match.Success, r.ToString());
            Assert.True(int.Parse(match.Groups[1].Value) >= 1, r.ToString());

            var info = await _h.Cli("info", ended);
            AdminCli.Cli.AssertCleanFailure(info, 1, "no such job");
            Assert.Equal("", info.Out);

            info = await _h.Cli("info", running);
            AssertOk(info);
            Assert.Matches(JobLines.Pattern(running, "sleep", "[60]", started: true, ended: false), Assert.Single(JobLines.Split(info.Out)));
        }
        finally
        {
            await _h.Cli("cancel", running);
        }
        Assert.Equal(Cancelled, await _h.ResultAsync(running));
    }
}
