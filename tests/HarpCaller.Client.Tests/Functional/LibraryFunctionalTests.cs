using System.Text.Json;
using HarpCaller.Client.Tests.Support;
using HarpCaller.TestHarpd;

namespace HarpCaller.Client.Tests.Functional;

/// <summary>The library against the real dispatcher and the real TestHarpd.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class LibraryFunctionalTests
{
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(30);
    private readonly DispatcherFixture _fixture;

    public LibraryFunctionalTests(DispatcherFixture fixture) => _fixture = fixture;

    private static async Task<List<StreamItem>> CollectAsync(IAsyncEnumerable<StreamItem> items)
    {
        var list = new List<StreamItem>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static CallSpec Call(string procedure, string args) =>
        new(DispatcherFixture.Host, procedure) { Arguments = JsonText.Parse(args) };

    [Fact]
    public async Task SubmitThenResult_ReturnsEchoedArgumentsWithNumbersUnchanged()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Echo, "[123456789012345678901234567890, 1.50, 1e3, \"\\uD83D\\uDE00\"]")).WaitAsync(TestBound);

        var outcome = await client.GetResultAsync(id, wait: true).WaitAsync(TestBound);

        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id.ToLowerInvariant(), id);
        var result = Assert.IsType<ResultOutcome>(outcome);
        Assert.Equal("123456789012345678901234567890", result.Value[0].GetRawText());
        Assert.Equal("1.50", result.Value[1].GetRawText());
        Assert.Equal("1e3", result.Value[2].GetRawText());
        Assert.Equal("😀", result.Value[3].GetString());
    }

    [Fact]
    public async Task Status_ReportsCallTimesAndInfo_OfAnEndedJob()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Return, "[42]") with { Info = JsonText.Parse("{\"ticket\":\"T-1\",\"n\":100000000000000000001}") }).WaitAsync(TestBound);
        await client.GetResultAsync(id).WaitAsync(TestBound);

        var status = await client.GetStatusAsync(id).WaitAsync(TestBound);

        Assert.Equal(DispatcherFixture.Host, status.Host);
        Assert.Equal(TestHarpdProcedures.Return, status.Procedure);
        Assert.Equal("[42]", status.Arguments.GetRawText());
        Assert.Equal("100000000000000000001", status.Info.GetProperty("n").GetRawText());
        Assert.NotNull(status.Started);
        Assert.NotNull(status.Ended);
        Assert.True(status.Submitted <= status.Started && status.Started <= status.Ended);
    }

    [Fact]
    public async Task Status_OfAJobWithoutInfo_HasNullInfo()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Return, "[1]")).WaitAsync(TestBound);

        var status = await client.GetStatusAsync(id).WaitAsync(TestBound);

        Assert.Equal(JsonValueKind.Null, status.Info.ValueKind);
    }

    [Fact]
    public async Task Follow_FromZero_YieldsEveryPacketInOrder_ThenTheResult()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Stream, "[20, 10]")).WaitAsync(TestBound);

        var items = await CollectAsync(client.FollowAsync(id, StreamStart.Since(0))).WaitAsync(TestBound);

        var packets = items.OfType<StreamPacket>().ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), packets.Select(p => p.Index));
        Assert.Equal(Enumerable.Range(0, 20), packets.Select(p => p.Data.GetInt32()));
        var end = Assert.IsType<StreamEnd>(items[^1]);
        Assert.Equal("20", Assert.IsType<ResultOutcome>(end.Outcome).Value.GetRawText());
    }

    [Fact]
    public async Task Follow_WithRecent_OfAnEndedJob_YieldsTheLastPackets()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Stream, "[10]")).WaitAsync(TestBound);
        await client.GetResultAsync(id).WaitAsync(TestBound);

        var items = await CollectAsync(client.FollowAsync(id, StreamStart.Recent(3))).WaitAsync(TestBound);

        Assert.Equal([7L, 8L, 9L], items.OfType<StreamPacket>().Select(p => p.Index));
        Assert.IsType<StreamEnd>(items[^1]);
    }

    [Fact]
    public async Task ReadStream_OfARunningJob_EndsWithContinue_AndCancelStopsIt()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.StreamSleep, "[3, 30]")).WaitAsync(TestBound);

        // Wait (bounded) until the three packets are recorded; then the job sleeps for 30 s.
        List<StreamItem> items;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        do
        {
            items = await CollectAsync(client.ReadStreamAsync(id)).WaitAsync(TestBound);
        }
        while (items.OfType<StreamPacket>().Count() < 3 && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(3, items.OfType<StreamPacket>().Count());
        Assert.IsType<ContinueOutcome>(Assert.IsType<StreamEnd>(items[^1]).Outcome);
        Assert.IsType<NoResultOutcome>(await client.GetResultAsync(id, wait: false).WaitAsync(TestBound));

        Assert.True(await client.CancelAsync(id).WaitAsync(TestBound));
        Assert.IsType<CancelledOutcome>(await client.GetResultAsync(id).WaitAsync(TestBound));
        Assert.False(await client.CancelAsync(id).WaitAsync(TestBound));
        var after = await CollectAsync(client.ReadStreamAsync(id, StreamStart.Since(1))).WaitAsync(TestBound);
        Assert.Equal([1L, 2L], after.OfType<StreamPacket>().Select(p => p.Index));
        Assert.IsType<CancelledOutcome>(Assert.IsType<StreamEnd>(after[^1]).Outcome);

        static async Task<bool> Delay()
        {
            await Task.Delay(100);
            return true;
        }
    }

    [Fact]
    public async Task Follow_OfARunningJob_EndsWhenTheJobIsCancelled()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Sleep, "[30]")).WaitAsync(TestBound);
        var follow = CollectAsync(client.FollowAsync(id));
        await Task.Delay(300);

        Assert.True(await client.CancelAsync(id).WaitAsync(TestBound));

        var items = await follow.WaitAsync(TestBound);
        Assert.IsType<CancelledOutcome>(Assert.IsType<StreamEnd>(Assert.Single(items)).Outcome);
    }

    [Fact]
    public async Task UnknownJob_GivesInvalidJobIdOnEveryRequest()
    {
        var client = _fixture.CreateClient();
        var id = Guid.NewGuid().ToString();

        Assert.True(Assert.IsType<ErrorOutcome>(await client.GetResultAsync(id, wait: true).WaitAsync(TestBound)).IsInvalidJobId);
        Assert.True((await Assert.ThrowsAsync<HarpCallerException>(() => client.GetStatusAsync(id).WaitAsync(TestBound))).IsInvalidJobId);
        var followed = Assert.Single(await CollectAsync(client.FollowAsync(id)).WaitAsync(TestBound));
        Assert.True(Assert.IsType<ErrorOutcome>(Assert.IsType<StreamEnd>(followed).Outcome).IsInvalidJobId);
        var read = Assert.Single(await CollectAsync(client.ReadStreamAsync(id)).WaitAsync(TestBound));
        Assert.True(Assert.IsType<ErrorOutcome>(Assert.IsType<StreamEnd>(read).Outcome).IsInvalidJobId);
        Assert.False(await client.CancelAsync(id).WaitAsync(TestBound));
    }

    [Fact]
    public async Task RaisingProcedure_GivesAnExceptionOutcome()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Raise, "[\"ValueError\", \"bad value\", {\"k\": 1}]")).WaitAsync(TestBound);

        var outcome = Assert.IsType<ExceptionOutcome>(await client.GetResultAsync(id).WaitAsync(TestBound));

        Assert.Equal("ValueError", outcome.Type);
        Assert.Equal("bad value", outcome.Message);
        Assert.Equal(1, outcome.Data!.Value.GetProperty("k").GetInt32());
    }

    [Fact]
    public async Task UnknownHost_IsAcceptedThenEndsWithUnknownHost()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(new CallSpec("no-such-host", TestHarpdProcedures.Echo)).WaitAsync(TestBound);

        var outcome = Assert.IsType<ErrorOutcome>(await client.GetResultAsync(id).WaitAsync(TestBound));

        Assert.Equal("unknown_host", outcome.Type);
        Assert.Null((await client.GetStatusAsync(id).WaitAsync(TestBound)).Started);
    }

    [Fact]
    public async Task QueuedCalls_WithConcurrencyAndLimits_AllComplete()
    {
        var client = _fixture.CreateClient();
        var queue = JsonText.Parse($"{{\"test\":\"{Guid.NewGuid():N}\"}}");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await client.SubmitAsync(Call(TestHarpdProcedures.Return, $"[{i}]") with
            {
                Queue = queue,
                Concurrency = 2,
                Timeout = TimeSpan.FromSeconds(20),
                MaxExecTime = TimeSpan.FromSeconds(1.5),
            }).WaitAsync(TestBound));
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, Assert.IsType<ResultOutcome>(await client.GetResultAsync(ids[i]).WaitAsync(TestBound)).Value.GetInt32());
        }
    }

    [Fact]
    public async Task MaxExecTime_FromTheRequest_EndsALongCallWithTimeout()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(Call(TestHarpdProcedures.Sleep, "[30]") with { MaxExecTime = TimeSpan.FromSeconds(1) }).WaitAsync(TestBound);

        Assert.Equal("timeout", Assert.IsType<ErrorOutcome>(await client.GetResultAsync(id).WaitAsync(TestBound)).Type);
    }

    [Fact]
    public async Task UnicodeResult_SurvivesTheRoundTrip()
    {
        var client = _fixture.CreateClient();
        var id = await client.SubmitAsync(new CallSpec(DispatcherFixture.Host, TestHarpdProcedures.Unicode)).WaitAsync(TestBound);

        var result = Assert.IsType<ResultOutcome>(await client.GetResultAsync(id).WaitAsync(TestBound));

        Assert.Equal(TestHarpdProcedures.UnicodeText, result.Value.GetProperty("text").GetString());
        Assert.Equal("\U0001F600", result.Value.GetProperty("emoji").GetString());
    }
}
