using System.Diagnostics;
using CloudI.Configuration;
using CloudI.Services;

namespace CloudI.Tests.Runtime;

public sealed class SendSyncTests : RuntimeTestBase
{
    [Fact]
    public async Task SendSync_ReachesTheSubscriber_WithNamePatternAndRemainingTimeout()
    {
        ServiceRequest? seen = null;
        await Start(new Script
        {
            Subscribe = ["echo/*"],
            Handle = (r, d, _) =>
            {
                seen = r;
                return new(RequestResult.Reply(Bytes("info"), Bytes("got " + Text(r.Request))));
            },
        }, prefix: "/tests/");

        ServiceDispatcher context = Runtime.CreateContext();
        SendSyncResult result = await context.SendSync("/tests/echo/x", Bytes("k\0v\0"), Bytes("hello"), 3000, 5);

        Assert.True(result.IsOk);
        Assert.Equal("got hello", result.ResponseText);
        Assert.Equal("info", Text(result.ResponseInfo));
        Assert.True(result.TransId.IsVersion1);
        Assert.NotNull(seen);
        Assert.Equal("/tests/echo/x", seen!.Name);
        Assert.Equal("/tests/echo/*", seen.Pattern);
        Assert.Equal("k\0v\0", Text(seen.RequestInfo));
        Assert.Equal(RequestType.SendSync, seen.Type);
        Assert.Equal((sbyte)5, seen.Priority);
        Assert.InRange(seen.Timeout, 2900u, 3000u);
        Assert.Same(context, seen.Source);
        Assert.Equal(result.TransId, seen.TransId);
    }

    [Fact]
    public async Task NullResponse_AboveTheThreshold_IsDeliveredAsTimeoutAtOnce()
    {
        await Start(new Script { Subscribe = ["null"], Handle = (r, d, _) => new(RequestResult.Reply(default, default)) });
        ServiceDispatcher context = Runtime.CreateContext();
        var watch = Stopwatch.StartNew();
        SendSyncResult result = await context.SendSync("/null", default, Bytes("x"), 30000);
        Assert.Equal("timeout", result.Error);
        Assert.True(watch.ElapsedMilliseconds < 5000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task NullResponse_BelowTheThreshold_IsDiscarded_SenderWaitsForItsTimer()
    {
        await Start(new Script { Subscribe = ["null"], Handle = (r, d, _) => new(RequestResult.Reply(default, default)) });
        ServiceDispatcher context = Runtime.CreateContext();
        var watch = Stopwatch.StartNew();
        SendSyncResult result = await context.SendSync("/null", default, Bytes("x"), 600);
        Assert.Equal("timeout", result.Error);
        Assert.True(watch.ElapsedMilliseconds >= 550, $"returned after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task NoDestination_WithAnImmediateTimeout_FailsWithoutRetry()
    {
        ServiceDispatcher context = Runtime.CreateContext();
        var watch = Stopwatch.StartNew();
        SendSyncResult result = await context.SendSync("/nobody", default, Bytes("x"), ServiceDispatcher.Immediate);
        Assert.Equal("timeout", result.Error);
        Assert.True(result.TransId.IsNull);
        Assert.True(watch.ElapsedMilliseconds < 400, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Lookup_RetriesEvery500ms_AndUsesADestinationThatAppearsMeanwhile()
    {
        ServiceDispatcher context = Runtime.CreateContext();
        Task<SendSyncResult> sending = context.SendSync("/late/service", default, Bytes("x"), 3000).AsTask();
        await Task.Delay(700);
        Assert.False(sending.IsCompleted);
        await Start(new Script { Subscribe = ["late/service"], Handle = (r, d, _) => Reply("here") });
        SendSyncResult result = await sending;
        Assert.Equal("here", result.ResponseText);
    }

    [Fact]
    public async Task AsyncLookup_FailsAtOnce()
    {
        ServiceDispatcher context = Runtime.CreateContext(ServiceOptions.Default with { RequestNameLookup = RequestNameLookup.Async });
        var watch = Stopwatch.StartNew();
        SendSyncResult result = await context.SendSync("/nobody", default, Bytes("x"), 10_000);
        Assert.Equal("timeout", result.Error);
        Assert.True(watch.ElapsedMilliseconds < 5000, $"took {watch.ElapsedMilliseconds} ms"); // not the 10 s timeout
    }

    [Fact]
    public async Task ImmediateRefresh_BelowTimeoutDelta_DoesNotLookUp()
    {
        await Start(new Script { Subscribe = ["s"], Handle = (r, d, _) => Reply("ok") });
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("timeout", (await context.SendSync("/s", default, Bytes("x"), 99)).Error);
        Assert.True((await context.SendSync("/s", default, Bytes("x"), 100)).IsOk);
    }

    [Fact]
    public async Task HandlerThatNeverAnswers_SenderTimesOutAtItsTimeout()
    {
        await Start(new Script { Subscribe = ["silent"], Handle = (r, d, _) => new(RequestResult.NoReply) });
        ServiceDispatcher context = Runtime.CreateContext();
        var watch = Stopwatch.StartNew();
        SendSyncResult result = await context.SendSync("/silent", default, Bytes("x"), 400);
        Assert.Equal("timeout", result.Error);
        Assert.InRange(watch.ElapsedMilliseconds, 350, 3000);
        Assert.False(result.TransId.IsNull);
    }

    [Fact]
    public async Task NoReply_ThenReturnFromTheInfoHandler_AnswersTheWaitingSender()
    {
        await Start(new Script
        {
            Subscribe = ["later"],
            Handle = (r, d, _) =>
            {
                d.SendInfo(r);
                return new(RequestResult.NoReply);
            },
            Info = (m, d) =>
            {
                var r = (ServiceRequest)m;
                d.Return(r, default, Bytes("later " + Text(r.Request)));
                return ValueTask.CompletedTask;
            },
        });
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("later x", (await context.SendSync("/later", default, Bytes("x"), 2000)).ResponseText);
    }

    [Fact]
    public async Task DestRefreshNone_CannotSend()
    {
        await Start(new Script { Subscribe = ["s"], Handle = (r, d, _) => Reply("ok") });
        ServiceDispatcher context = Runtime.CreateContext(destRefresh: new DestRefresh(DestRefreshMode.None, CloudI.Subscriptions.DestinationRule.None));
        Assert.Equal("timeout", (await context.SendSync("/s", default, Bytes("x"), 1000)).Error);
        Assert.False((await context.SendAsync("/s", default, Bytes("x"), 1000)).IsOk);
    }

    [Fact]
    public async Task ServiceToService_SendSyncInsideAHandler()
    {
        await Start(new Script { Subscribe = ["inner"], Handle = (r, d, _) => Reply("inner:" + Text(r.Request)) });
        await Start(new Script
        {
            Subscribe = ["outer"],
            Handle = async (r, d, _) =>
            {
                SendSyncResult inner = await d.SendSync("/inner", default, r.Request, 1000);
                return RequestResult.Reply("outer:" + inner.ResponseText);
            },
        });
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("outer:inner:q", (await context.SendSync("/outer", default, Bytes("q"), 2000)).ResponseText);
    }

    [Fact]
    public async Task ManyConcurrentSenders_AllAnswered_Correctly()
    {
        await Start(new Script { Subscribe = ["echo"], Handle = (r, d, _) => new(RequestResult.Reply(r.Request)) }, processes: 2);
        var senders = Enumerable.Range(0, 16).Select(async s =>
        {
            ServiceDispatcher context = Runtime.CreateContext();
            for (int k = 0; k < 500; k++)
            {
                string body = $"{s}-{k}";
                SendSyncResult result = await context.SendSync("/echo", default, Bytes(body), 5000);
                Assert.Equal(body, result.ResponseText);
            }
        });
        await Task.WhenAll(senders);
    }

    [Fact]
    public async Task ClosedContext_EndsItsWaitsAndCannotSend()
    {
        await Start(new Script { Subscribe = ["silent"], Handle = (r, d, _) => new(RequestResult.NoReply) });
        ServiceDispatcher context = Runtime.CreateContext();
        Task<SendSyncResult> waiting = context.SendSync("/silent", default, Bytes("x"), 60000).AsTask();
        Runtime.CloseContext(context);
        Assert.Equal("timeout", (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Error);
        Assert.False(context.IsAlive);
        Assert.Equal("timeout", (await context.SendSync("/silent", default, Bytes("x"), 1000)).Error);
    }
}
