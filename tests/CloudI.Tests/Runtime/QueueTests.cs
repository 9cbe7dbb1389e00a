using System.Collections.Concurrent;
using CloudI.Configuration;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.Tests.Runtime;

public sealed class QueueTests : RuntimeTestBase
{
    /// <summary>A service whose first request blocks until released, so later ones queue.</summary>
    private async Task<(TaskCompletionSource Release, ConcurrentQueue<string> Order)> StartGated(ServiceOptions? options = null)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new ConcurrentQueue<string>();
        await Start(new Script
        {
            Subscribe = ["q"],
            Handle = async (r, d, _) =>
            {
                string body = Text(r.Request);
                if (body == "gate")
                {
                    await release.Task;
                }

                order.Enqueue(body);
                return RequestResult.Reply(body);
            },
        }, options: options);
        return (release, order);
    }

    [Fact]
    public async Task QueuedRequests_AreHandledByPriority_ThenFifo()
    {
        var (release, order) = await StartGated();
        ServiceDispatcher context = Runtime.CreateContext();
        await context.SendAsync("/q", default, Bytes("gate"), 5000);
        var ids = new List<TransId>();
        foreach ((string body, sbyte priority) in new[] { ("low1", (sbyte)10), ("high", (sbyte)-128), ("mid1", (sbyte)0), ("low2", (sbyte)10), ("mid2", (sbyte)0), ("lowest", (sbyte)127) })
        {
            ids.Add((await context.SendAsync("/q", default, Bytes(body), 5000, priority)).Value);
        }

        release.SetResult();
        foreach (TransId id in ids)
        {
            Assert.True((await context.RecvAsync(3000, id)).IsOk);
        }

        Assert.Equal(["gate", "high", "mid1", "mid2", "low1", "low2", "lowest"], order);
    }

    [Fact]
    public async Task QueueLimit_RejectsWhenFull_WithANullResponseForLongTimeouts()
    {
        var (release, _) = await StartGated(ServiceOptions.Default with { QueueLimit = 1 });
        ServiceDispatcher context = Runtime.CreateContext();
        await context.SendAsync("/q", default, Bytes("gate"), 60000);
        TransId queued = (await context.SendAsync("/q", default, Bytes("queued"), 60000)).Value;

        // Rejected with a long timeout: the null response comes back at once (§7.4).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        SendSyncResult rejected = await context.SendSync("/q", default, Bytes("rejected"), 30000);
        Assert.Equal("timeout", rejected.Error);
        Assert.True(watch.ElapsedMilliseconds < 5000);

        // With a short timeout it is dropped silently: the sender's own timer answers.
        watch.Restart();
        Assert.Equal("timeout", (await context.SendSync("/q", default, Bytes("dropped"), 500)).Error);
        Assert.True(watch.ElapsedMilliseconds >= 450);

        release.SetResult();
        Assert.Equal("queued", (await context.RecvAsync(3000, queued)).ResponseText);
    }

    [Fact]
    public async Task QueueSize_CountsBytes()
    {
        var (release, order) = await StartGated(ServiceOptions.Default with { QueueSizeBytes = 1024 });
        ServiceDispatcher context = Runtime.CreateContext();
        await context.SendAsync("/q", default, Bytes("gate"), 5000);
        TransId small = (await context.SendAsync("/q", default, Bytes("small"), 5000)).Value;
        TransId big = (await context.SendAsync("/q", default, new byte[1024], 5000)).Value;
        release.SetResult();
        Assert.True((await context.RecvAsync(3000, small)).IsOk);
        Assert.Equal("timeout", (await context.RecvAsync(ServiceDispatcher.Immediate, big)).Error);
        Assert.DoesNotContain(order, body => body.Length == 1024);
    }

    [Fact]
    public async Task RateRequestMax_BlocksForTheRestOfThePeriod()
    {
        await Start(new Script { Subscribe = ["r"], Handle = (r, d, _) => Reply("ok") },
            options: ServiceOptions.Default with { RateRequestMax = new RateRequestMax(1, 5) });
        ServiceDispatcher context = Runtime.CreateContext();
        int ok = 0;
        for (int k = 0; k < 8; k++)
        {
            if ((await context.SendSync("/r", default, Bytes("x"), 30000)).IsOk)
            {
                ok++;
            }
        }

        Assert.Equal(5, ok);
        await Task.Delay(1100);
        Assert.True((await context.SendSync("/r", default, Bytes("x"), 30000)).IsOk);
    }

    [Fact]
    public async Task QueuedRequest_GetsItsRemainingTimeout_AndExpiredOnesAreDropped()
    {
        var (release, order) = await StartGated();
        ServiceDispatcher context = Runtime.CreateContext();
        await context.SendAsync("/q", default, Bytes("gate"), 10000);
        await context.SendAsync("/q", default, Bytes("expires"), 200);
        TransId lives = (await context.SendAsync("/q", default, Bytes("lives"), 5000)).Value;
        await Task.Delay(400);
        release.SetResult();
        Assert.True((await context.RecvAsync(3000, lives)).IsOk);
        Assert.Equal(["gate", "lives"], order);
    }
}
