using System.Diagnostics;
using CloudI.Configuration;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Tests.Runtime;

public sealed class AsyncTests : RuntimeTestBase
{
    [Fact]
    public async Task SendAsync_ThenRecvAsync_ByTransId_AndConsume()
    {
        await Start(new Script { Subscribe = ["echo"], Handle = (r, d, _) => new(RequestResult.Reply(Bytes("i"), r.Request)) });
        ServiceDispatcher context = Runtime.CreateContext();
        CloudIResult<TransId> sent = await context.SendAsync("/echo", default, Bytes("a"), 2000);
        Assert.True(sent.IsOk);

        RecvAsyncResult kept = await context.RecvAsync(2000, sent.Value, consume: false);
        Assert.True(kept.IsOk);
        Assert.Equal("a", kept.ResponseText);
        Assert.Equal("i", Text(kept.ResponseInfo));
        Assert.Equal(sent.Value, kept.TransId);

        RecvAsyncResult taken = await context.RecvAsync(2000, sent.Value);
        Assert.Equal("a", taken.ResponseText);

        RecvAsyncResult gone = await context.RecvAsync(ServiceDispatcher.Immediate, sent.Value);
        Assert.Equal("timeout", gone.Error);
        Assert.Equal(sent.Value, gone.TransId);
        Assert.True(gone.Response.IsEmpty);
    }

    [Fact]
    public async Task RecvAsync_WithTheNullId_TakesTheOldestFirst()
    {
        await Start(new Script { Subscribe = ["echo"], Handle = (r, d, _) => new(RequestResult.Reply(r.Request)) });
        ServiceDispatcher context = Runtime.CreateContext();
        var ids = new List<TransId>();
        for (int k = 0; k < 5; k++)
        {
            ids.Add((await context.SendAsync("/echo", default, Bytes(k.ToString()), 2000)).Value);
        }

        // Wait until all five are stored (each id by itself, not consuming).
        foreach (TransId id in ids)
        {
            Assert.True((await context.RecvAsync(2000, id, consume: false)).IsOk);
        }

        for (int k = 0; k < 5; k++)
        {
            RecvAsyncResult r = await context.RecvAsync(1000);
            Assert.Equal(ids[k], r.TransId);
            Assert.Equal(k.ToString(), r.ResponseText);
        }
    }

    [Fact]
    public async Task RecvAsync_WakesWhenTheResponseArrives()
    {
        await Start(new Script
        {
            Subscribe = ["slow"],
            Handle = async (r, d, _) =>
            {
                await Task.Delay(200);
                return RequestResult.Reply("late");
            },
        });
        ServiceDispatcher context = Runtime.CreateContext();
        TransId id = (await context.SendAsync("/slow", default, Bytes("x"), 5000)).Value;
        var watch = Stopwatch.StartNew();
        RecvAsyncResult r = await context.RecvAsync(5000, id);
        Assert.Equal("late", r.ResponseText);
        Assert.True(watch.ElapsedMilliseconds < 2000);
    }

    [Fact]
    public async Task RecvAsyncs_ReturnsAll_WithEmptyEntriesForTheMissing()
    {
        await Start(new Script
        {
            Subscribe = ["maybe"],
            Handle = (r, d, _) => new(Text(r.Request) == "skip" ? RequestResult.NoReply : RequestResult.Reply(r.Request)),
        });
        ServiceDispatcher context = Runtime.CreateContext();
        TransId a = (await context.SendAsync("/maybe", default, Bytes("a"), 2000)).Value;
        TransId skip = (await context.SendAsync("/maybe", default, Bytes("skip"), 2000)).Value;
        TransId b = (await context.SendAsync("/maybe", default, Bytes("b"), 2000)).Value;

        CloudIResult<IReadOnlyList<RecvAsyncResult>> all = await context.RecvAsyncs(800, [a, skip, b]);
        Assert.True(all.IsOk);
        Assert.Equal(["a", "", "b"], all.Value.Select(r => r.ResponseText));
        Assert.Equal([a, skip, b], all.Value.Select(r => r.TransId));

        CloudIResult<IReadOnlyList<RecvAsyncResult>> none = await context.RecvAsyncs(600, [skip]);
        Assert.Equal("timeout", none.Error);
    }

    [Fact]
    public async Task Mcast_OneRequestPerEntry_NewestFirst_SenderExcluded()
    {
        var order = new List<string>();
        for (int k = 0; k < 3; k++)
        {
            string me = "s" + k;
            await Start(new Script { Subscribe = ["topic"], Handle = (r, d, _) => Reply(me) });
        }

        // A subscriber subscribing twice gets two requests.
        await Start(new Script { Subscribe = ["topic", "topic"], Handle = (r, d, _) => Reply("double") });

        ServiceDispatcher context = Runtime.CreateContext();
        CloudIResult<IReadOnlyList<TransId>> ids = await context.McastAsync("/topic", default, Bytes("x"), 2000);
        Assert.Equal(5, ids.Value.Count);
        foreach (TransId id in ids.Value)
        {
            order.Add((await context.RecvAsync(2000, id)).ResponseText);
        }

        Assert.Equal(["double", "double", "s2", "s1", "s0"], order);
    }

    [Fact]
    public async Task Mcast_WithNoSubscriber_IsAnEmptyList()
    {
        ServiceDispatcher context = Runtime.CreateContext();
        CloudIResult<IReadOnlyList<TransId>> ids = await context.McastAsync("/nobody", default, Bytes("x"), ServiceDispatcher.Immediate);
        Assert.True(ids.IsOk);
        Assert.Empty(ids.Value);
    }

    [Fact]
    public async Task SendAsyncActive_ResultsArriveAtTheInfoHandler()
    {
        var infos = System.Threading.Channels.Channel.CreateUnbounded<object>();
        await Start(new Script { Subscribe = ["echo"], Handle = (r, d, _) => new(RequestResult.Reply(Bytes("ri"), r.Request)) });
        await Start(new Script { Subscribe = ["silent"], Handle = (r, d, _) => new(RequestResult.NoReply) });
        var sent = new TaskCompletionSource<(TransId, TransId)>();
        await Start(new Script
        {
            Subscribe = ["driver"],
            Handle = async (r, d, _) =>
            {
                TransId ok = (await d.SendAsyncActive("/echo", default, Bytes("hi"), 2000)).Value;
                TransId lost = (await d.SendAsyncActive("/silent", default, Bytes("hi"), 300)).Value;
                sent.SetResult((ok, lost));
                return RequestResult.Reply("started");
            },
            Info = (m, d) =>
            {
                infos.Writer.TryWrite(m);
                return ValueTask.CompletedTask;
            },
        });

        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("started", (await context.SendSync("/driver", default, Bytes("go"), 2000)).ResponseText);
        (TransId okId, TransId lostId) = await sent.Task;

        // Awaited, not a blocking take: a blocked test thread is one fewer for the runner's
        // parallel tests (this test timed out once in a full parallel run).
        object? first = await TakeWithin(infos.Reader, 3000);
        object? second = await TakeWithin(infos.Reader, 3000);
        Assert.True(first is not null);
        Assert.True(second is not null);
        var byType = new[] { first!, second! };
        ReturnAsyncActive ret = byType.OfType<ReturnAsyncActive>().Single();
        Assert.Equal(okId, ret.TransId);
        Assert.Equal("/echo", ret.Name);
        Assert.Equal("/echo", ret.Pattern);
        Assert.Equal("hi", Text(ret.Response));
        Assert.Equal("ri", Text(ret.ResponseInfo));
        Assert.Equal(lostId, byType.OfType<TimeoutAsyncActive>().Single().TransId);
    }

    [Fact]
    public async Task ResponseLifetime_IsTheResponseTimeout_UnlessAdjusted()
    {
        // The responder returns with a 300 ms timeout: the stored response lives 300 ms (§5.4).
        await Start(new Script
        {
            Subscribe = ["short"],
            Handle = (r, d, _) => new(d.Return(r.Type, r.Name, r.Pattern, default, Bytes("v"), 300, r.TransId, r.Source)),
        });
        ServiceDispatcher context = Runtime.CreateContext();
        TransId id = (await context.SendAsync("/short", default, Bytes("x"), 10000)).Value;
        Assert.True((await context.RecvAsync(2000, id, consume: false)).IsOk);
        await Task.Delay(600);
        Assert.Equal("timeout", (await context.RecvAsync(ServiceDispatcher.Immediate, id)).Error);

        ServiceDispatcher adjusting = Runtime.CreateContext(ServiceOptions.Default with { ResponseTimeoutAdjustment = true });
        TransId kept = (await adjusting.SendAsync("/short", default, Bytes("x"), 10000)).Value;
        Assert.True((await adjusting.RecvAsync(2000, kept, consume: false)).IsOk);
        await Task.Delay(600);
        Assert.True((await adjusting.RecvAsync(ServiceDispatcher.Immediate, kept)).IsOk);
    }

    private static async Task<object?> TakeWithin(System.Threading.Channels.ChannelReader<object> reader, int milliseconds)
    {
        using var timeout = new CancellationTokenSource(milliseconds);
        try
        {
            return await reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
