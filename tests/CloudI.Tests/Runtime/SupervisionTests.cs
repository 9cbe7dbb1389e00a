using System.Collections.Concurrent;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Tests.Runtime;

public sealed class SupervisionTests : RuntimeTestBase
{
    [Fact]
    public async Task HandlerThatThrows_RestartsTheProcess_WithAFreshInstance()
    {
        int inits = 0;
        var terminated = new ConcurrentQueue<string>();
        await Start(new Script
        {
            Subscribe = ["crash"],
            Init = d => { Interlocked.Increment(ref inits); return ValueTask.CompletedTask; },
            Handle = (r, d, _) => Text(r.Request) == "boom" ? throw new InvalidOperationException("boom") : Reply("alive"),
            Terminate = terminated.Enqueue,
        });
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("timeout", (await context.SendSync("/crash", default, Bytes("boom"), 300)).Error);
        SendSyncResult after = await context.SendSync("/crash", default, Bytes("ping"), 3000);
        Assert.Equal("alive", after.ResponseText);
        Assert.Equal(2, inits);
        Assert.Contains("exception", terminated);
    }

    [Fact]
    public async Task ExhaustedRestarts_RemoveTheService()
    {
        var removed = new TaskCompletionSource<ServiceRemovedEventArgs>();
        Runtime.ServiceRemoved += (_, e) => removed.TrySetResult(e);
        Guid id = await Start(new Script
        {
            Subscribe = ["crash"],
            Handle = (r, d, _) => throw new InvalidOperationException("always"),
        }, maxR: 2, maxT: 60);
        ServiceDispatcher context = Runtime.CreateContext();
        for (int k = 0; k < 3; k++)
        {
            await context.SendSync("/crash", default, Bytes("x"), 1000);
        }

        ServiceRemovedEventArgs e = await removed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(id, e.Id);
        Assert.DoesNotContain(Runtime.Services, s => s.Id == id);
        Assert.Equal("timeout", (await context.SendSync("/crash", default, Bytes("x"), ServiceDispatcher.Immediate)).Error);
    }

    [Fact]
    public async Task MaxRZero_NoRestart()
    {
        var removed = new TaskCompletionSource<ServiceRemovedEventArgs>();
        Runtime.ServiceRemoved += (_, e) => removed.TrySetResult(e);
        await Start(new Script { Subscribe = ["c"], Handle = (r, d, _) => throw new InvalidOperationException() }, maxR: 0, maxT: 10);
        await Runtime.CreateContext().SendAsync("/c", default, Bytes("x"), 1000);
        await removed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task InitFailure_IsAnErrorResult_AfterTheAllowedRestarts_RuntimeKeepsRunning()
    {
        int attempts = 0;
        ServiceStartException e = await Assert.ThrowsAsync<ServiceStartException>(() => Start(new Script
        {
            Init = d => { Interlocked.Increment(ref attempts); throw new InvalidOperationException("no"); },
        }, maxR: 2, maxT: 60));
        Assert.Equal(3, attempts);
        Assert.Contains("no", e.Message);
        Assert.Empty(Runtime.Services);

        await Start(new Script { Subscribe = ["fine"] });
        Assert.True((await Runtime.CreateContext().SendSync("/fine", default, Bytes("x"), 1000)).IsOk);
    }

    [Fact]
    public async Task InitTimeout_IsAFailure()
    {
        await Assert.ThrowsAsync<ServiceStartException>(() => Start(new Script
        {
            Init = async d => await Task.Delay(5000),
        }, maxR: 0, timeoutInit: 200));
    }

    [Fact]
    public async Task InitFailure_OfOneServiceOfABatch_StopsTheOnesAlreadyStarted()
    {
        InternalServiceConfig good = ScriptedService.Config(new Script { Subscribe = ["good"] });
        InternalServiceConfig bad = ScriptedService.Config(new Script { Init = d => throw new InvalidOperationException() }, maxR: 0);
        await Assert.ThrowsAsync<ServiceStartException>(() => Runtime.AddServicesAsync([good, bad]));
        Assert.Empty(Runtime.Services);
        Assert.Equal("timeout", (await Runtime.CreateContext().SendSync("/good", default, Bytes("x"), ServiceDispatcher.Immediate)).Error);
    }

    [Fact]
    public async Task AnUnknownAclName_InABatch_StartsNothing()
    {
        int inits = 0;
        InternalServiceConfig good = ScriptedService.Config(new Script { Init = _ => { Interlocked.Increment(ref inits); return ValueTask.CompletedTask; } });
        InternalServiceConfig bad = ScriptedService.Config(new Script()) with
        {
            DestListDeny = new CloudI.Configuration.AclSpec([new Erlang.Terms.ErlangAtom("no_such_acl")]),
        };
        var e = await Assert.ThrowsAsync<ServiceStartException>(() => Runtime.AddServicesAsync([good, bad]));
        Assert.Equal("acl_not_found", e.Reason);
        Assert.Equal(0, inits);  // validated before anything starts (§9.3)
        Assert.Empty(Runtime.Services);
    }

    [Fact]
    public async Task HandlerPastItsDeadline_IsRestarted()
    {
        int inits = 0;
        await Start(new Script
        {
            Subscribe = ["hang"],
            Init = d => { Interlocked.Increment(ref inits); return ValueTask.CompletedTask; },
            Handle = async (r, d, ct) =>
            {
                if (Text(r.Request) == "hang")
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return RequestResult.Reply("ok");
            },
        });
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("timeout", (await context.SendSync("/hang", default, Bytes("hang"), 300)).Error);
        await Task.Delay(300);
        Assert.Equal("ok", (await context.SendSync("/hang", default, Bytes("x"), 3000)).ResponseText);
        Assert.Equal(2, inits);
    }

    [Fact]
    public async Task LongTimeoutRequest_FailsAtOnceWhenItsDestinationDies()
    {
        Guid id = await Start(new Script { Subscribe = ["dies"], Handle = (r, d, _) => new(RequestResult.NoReply) }, maxR: 0);
        ServiceDispatcher context = Runtime.CreateContext();
        Task<SendSyncResult> waiting = context.SendSync("/dies", default, Bytes("x"), 60000).AsTask();
        await Task.Delay(100);
        await Runtime.RemoveServiceAsync(id);
        SendSyncResult result = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("timeout", result.Error);
    }

    [Fact]
    public async Task MonkeyChaos_KillsOnRequests_EveryRequestAnsweredOrTimedOut_NeverWrongly()
    {
        await Start(new Script { Subscribe = ["chaos"], Handle = (r, d, _) => new(RequestResult.Reply(r.Request)) },
            processes: 4, maxR: 1000, maxT: 1,
            options: ServiceOptions.Default with { MonkeyChaos = new MonkeyChaos(0.05, null, false) });
        int ok = 0;
        int timedOut = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async s =>
        {
            ServiceDispatcher context = Runtime.CreateContext();
            for (int k = 0; k < 100; k++)
            {
                string body = $"{s}:{k}";
                SendSyncResult r = await context.SendSync("/chaos", default, Bytes(body), 300);
                if (r.IsOk)
                {
                    Assert.Equal(body, r.ResponseText);
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Assert.Equal("timeout", r.Error);
                    Interlocked.Increment(ref timedOut);
                }
            }
        }));
        Assert.Equal(800, ok + timedOut);
        Assert.True(timedOut > 0, "chaos never struck");
        Assert.True(ok > 600, $"only {ok} answered");
    }

    [Fact]
    public async Task RestartService_RestartsEveryProcess()
    {
        int inits = 0;
        Guid id = await Start(new Script { Subscribe = ["r"], Init = d => { Interlocked.Increment(ref inits); return ValueTask.CompletedTask; } }, processes: 3);
        Assert.True(await Runtime.RestartServiceAsync(id));
        Assert.Equal(6, inits);
        Assert.True((await Runtime.CreateContext().SendSync("/r", default, Bytes("x"), 1000)).IsOk);
        Assert.Equal(3, Runtime.Subscriptions(id)!.Count);
    }
}
