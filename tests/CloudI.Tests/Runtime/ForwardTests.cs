using CloudI.Configuration;
using CloudI.Services;

namespace CloudI.Tests.Runtime;

public sealed class ForwardTests : RuntimeTestBase
{
    [Fact]
    public async Task ForwardChain_FinalResponderAnswersTheOriginalSender_TimeoutLoses100PerHop()
    {
        var timeouts = new System.Collections.Concurrent.ConcurrentQueue<(string, uint)>();
        await Start(new Script
        {
            Subscribe = ["hop1"],
            Handle = (r, d, _) =>
            {
                timeouts.Enqueue(("hop1", r.Timeout));
                return new(RequestResult.Forward("/hop2", r.RequestInfo, Bytes(Text(r.Request) + ">1")));
            },
        });
        await Start(new Script
        {
            Subscribe = ["hop2"],
            Handle = (r, d, _) =>
            {
                timeouts.Enqueue(("hop2", r.Timeout));
                return new(d.Forward(r.Type, "/end", r.RequestInfo, Bytes(Text(r.Request) + ">2"), r.Timeout, r.Priority, r.TransId, r.Source));
            },
        });
        ServiceDispatcher? endSource = null;
        await Start(new Script
        {
            Subscribe = ["end"],
            Handle = (r, d, _) =>
            {
                timeouts.Enqueue(("end", r.Timeout));
                endSource = r.Source;
                return Reply(Text(r.Request) + ">end");
            },
        });

        ServiceDispatcher context = Runtime.CreateContext();
        SendSyncResult result = await context.SendSync("/hop1", default, Bytes("x"), 3000);
        Assert.Equal("x>1>2>end", result.ResponseText);
        Assert.Same(context, endSource);
        var seen = timeouts.ToArray();
        Assert.InRange(seen[0].Item2, 2900u, 3000u);
        Assert.InRange(seen[1].Item2, seen[0].Item2 - 200, seen[0].Item2 - 100);
        Assert.InRange(seen[2].Item2, seen[1].Item2 - 200, seen[1].Item2 - 100);
    }

    [Fact]
    public async Task Forward_BelowTheDelta_IsDropped()
    {
        await Start(new Script { Subscribe = ["fwd"], Handle = (r, d, _) => new(RequestResult.Forward("/end", default, r.Request, timeout: 99)) });
        int reached = 0;
        await Start(new Script { Subscribe = ["end"], Handle = (r, d, _) => { reached++; return Reply("x"); } });
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("timeout", (await context.SendSync("/fwd", default, Bytes("x"), 500)).Error);
        Assert.Equal(0, reached);
    }

    [Fact]
    public async Task RequestTimeoutAdjustment_TakesTheHandlerTimeOff()
    {
        await Start(new Script
        {
            Subscribe = ["slow"],
            Handle = async (r, d, _) =>
            {
                await Task.Delay(300);
                return d.Return(r.Type, r.Name, r.Pattern, default, Bytes("v"), r.Timeout, r.TransId, r.Source);
            },
        }, options: ServiceOptions.Default with { RequestTimeoutAdjustment = true });
        ServiceDispatcher context = Runtime.CreateContext();
        var id = (await context.SendAsync("/slow", default, Bytes("x"), 1000)).Value;
        Assert.True((await context.RecvAsync(2000, id, consume: false)).IsOk);

        // 1000 − ~300 ms of handling: the response lives about 700 ms from when it was returned.
        await Task.Delay(850);
        Assert.Equal("timeout", (await context.RecvAsync(ServiceDispatcher.Immediate, id)).Error);
    }
}
