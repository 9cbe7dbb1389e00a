using System.Diagnostics;
using CloudI.Configuration;
using CloudI.Services;
using CloudI.Subscriptions;
using Erlang.Terms;

namespace CloudI.Tests.Runtime;

public sealed class RoutingTests : RuntimeTestBase
{
    [Fact]
    public async Task Precedence_OfTheSpecTable_ThroughRealServices()
    {
        string[] patterns = ["a/b/c/d", "a/b/c/*", "a/b/*/d", "a/*/c/d", "*/b/c/d", "a/b/*", "a/*/d", "*/c/d", "a/*", "*/d", "*"];
        foreach (string pattern in patterns)
        {
            await Start(new Script { Subscribe = [pattern], Handle = (r, d, _) => Reply(r.Pattern) }, prefix: "/p/");
        }

        var expected = new Dictionary<string, string>
        {
            ["a/b/c/d"] = "a/b/c/d", ["a/b/c/z"] = "a/b/c/*", ["a/b/c/dd"] = "a/b/c/*", ["a/b/z/d"] = "a/b/*/d",
            ["a/b/cc/d"] = "a/b/*/d", ["a/z/c/d"] = "a/*/c/d", ["a/bb/c/d"] = "a/*/c/d", ["z/b/c/d"] = "*/b/c/d",
            ["aa/b/c/d"] = "*/b/c/d", ["a/b/czd"] = "a/b/*", ["a/bzc/d"] = "a/*/d", ["azb/c/d"] = "*/c/d",
            ["a/bzczd"] = "a/*", ["azbzc/d"] = "*/d", ["azbzczd"] = "*",
        };
        ServiceDispatcher context = Runtime.CreateContext();
        foreach ((string name, string pattern) in expected)
        {
            Assert.Equal("/p/" + pattern, (await context.SendSync("/p/" + name, default, Bytes("x"), 1000)).ResponseText);
        }
    }

    [Fact]
    public async Task EightDuplicateSubscriptions_AllGetRequests()
    {
        var hits = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        for (int k = 0; k < 8; k++)
        {
            int me = k;
            await Start(new Script { Subscribe = ["dup"], Handle = (r, d, _) => { hits.AddOrUpdate(me, 1, (_, n) => n + 1); return Reply("ok"); } });
        }

        ServiceDispatcher context = Runtime.CreateContext();
        for (int k = 0; k < 800; k++)
        {
            Assert.True((await context.SendSync("/dup", default, Bytes("x"), 1000)).IsOk);
        }

        Assert.Equal(8, hits.Count);
        Assert.All(hits.Values, n => Assert.InRange(n, 40, 200));
    }

    [Fact]
    public async Task NewestAndOldest_PickByJoinOrder()
    {
        await Start(new Script { Subscribe = ["o"], Handle = (r, d, _) => Reply("first") });
        await Start(new Script { Subscribe = ["o"], Handle = (r, d, _) => Reply("second") });
        ServiceDispatcher newest = Runtime.CreateContext(destRefresh: new DestRefresh(DestRefreshMode.Immediate, DestinationRule.Newest));
        ServiceDispatcher oldest = Runtime.CreateContext(destRefresh: new DestRefresh(DestRefreshMode.Immediate, DestinationRule.Oldest));
        ServiceDispatcher remote = Runtime.CreateContext(destRefresh: new DestRefresh(DestRefreshMode.Immediate, DestinationRule.Remote));
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal("second", (await newest.SendSync("/o", default, Bytes("x"), 1000)).ResponseText);
            Assert.Equal("first", (await oldest.SendSync("/o", default, Bytes("x"), 1000)).ResponseText);
        }

        Assert.Equal("timeout", (await remote.SendSync("/o", default, Bytes("x"), ServiceDispatcher.Immediate)).Error);
    }

    [Fact]
    public async Task SenderExclusion_OneProcessCannotReachItself_FourProcessesReachEachOther()
    {
        async Task<string> Probe(int processes)
        {
            string prefix = $"/excl{processes}/";
            await Start(new Script
            {
                Subscribe = ["self"],
                Handle = async (r, d, _) =>
                {
                    if (Text(r.Request) == "probe")
                    {
                        SendSyncResult inner = await d.SendSync(prefix + "self", default, Bytes("inner"), ServiceDispatcher.Immediate);
                        return RequestResult.Reply(inner.IsOk ? "reached " + inner.ResponseText : "no destination");
                    }

                    return RequestResult.Reply(d.ProcessIndex.ToString());
                },
            }, prefix: prefix, processes: processes);
            return (await Runtime.CreateContext().SendSync(prefix + "self", default, Bytes("probe"), 3000)).ResponseText;
        }

        Assert.Equal("no destination", await Probe(1));
        Assert.StartsWith("reached ", await Probe(4));
    }

    [Fact]
    public async Task Scopes_AreIsolated()
    {
        await Start(new Script { Subscribe = ["s"], Handle = (r, d, _) => Reply("other") }, options: ServiceOptions.Default with { Scope = "other" });
        ServiceDispatcher inDefault = Runtime.CreateContext();
        ServiceDispatcher inOther = Runtime.CreateContext(ServiceOptions.Default with { Scope = "other" });
        Assert.Equal("timeout", (await inDefault.SendSync("/s", default, Bytes("x"), ServiceDispatcher.Immediate)).Error);
        Assert.Equal("other", (await inOther.SendSync("/s", default, Bytes("x"), 1000)).ResponseText);
    }

    [Fact]
    public async Task LazyRefresh_SeesNewSubscriptionsOnlyAfterARefresh()
    {
        ServiceDispatcher lazy = Runtime.CreateContext(
            ServiceOptions.Default with { DestRefreshStart = 200, DestRefreshDelay = 600 },
            destRefresh: new DestRefresh(DestRefreshMode.Lazy, DestinationRule.Closest));

        // Until a refresh runs after a subscription, the lazy sender does not see it (and the
        // short-timeout rule does not apply). The refresh runs on a timer, so a lookup only counts
        // as "before the refresh" when no refresh ran across it.
        async Task ExpectUnseenUntilRefresh(string name, string answer)
        {
            int sequence = lazy.LazyRefreshSequence;
            SendSyncResult early = await lazy.SendSync(name, default, Bytes("x"), 50);
            if (sequence % 2 == 0 && lazy.LazyRefreshSequence == sequence)
            {
                Assert.Equal("timeout", early.Error);
            }

            var wait = Stopwatch.StartNew();
            while (lazy.LazyRefreshSequence < sequence + 2 + sequence % 2 && wait.ElapsedMilliseconds < 10_000)
            {
                await Task.Delay(20);
            }

            Assert.Equal(answer, (await lazy.SendSync(name, default, Bytes("x"), 50)).ResponseText);
        }

        await Start(new Script { Subscribe = ["l"], Handle = (r, d, _) => Reply("ok") });
        await ExpectUnseenUntilRefresh("/l", "ok");
        await Start(new Script { Subscribe = ["l2"], Handle = (r, d, _) => Reply("ok2") });
        await ExpectUnseenUntilRefresh("/l2", "ok2");
    }

    [Fact]
    public async Task Acl_DenyAndAllow_WithTheImplicitStar()
    {
        await Start(new Script { Subscribe = ["*"], Handle = (r, d, _) => Reply(r.Name) }, prefix: "/acl/");
        string relayPrefix = "/relay/";
        var config = ScriptedService.Config(new Script
        {
            Subscribe = ["go"],
            Handle = async (r, d, _) =>
            {
                SendSyncResult inner = await d.SendSync(Text(r.Request), default, Bytes("x"), ServiceDispatcher.Immediate);
                return RequestResult.Reply(inner.IsOk ? "sent" : "denied");
            },
        }, prefix: relayPrefix) with
        {
            DestListDeny = new AclSpec([ErlangList.FromString("/acl/secret/")]),
            DestListAllow = new AclSpec([ErlangList.FromString("/acl/")]),
        };
        await Runtime.AddServiceAsync(config);
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("sent", (await context.SendSync("/relay/go", default, Bytes("/acl/public"), 2000)).ResponseText);
        Assert.Equal("denied", (await context.SendSync("/relay/go", default, Bytes("/acl/secret/x"), 2000)).ResponseText);
        Assert.Equal("denied", (await context.SendSync("/relay/go", default, Bytes("/elsewhere"), 2000)).ResponseText);
    }

    [Fact]
    public async Task GetPid_AndGetPids_ThenSendToThatDestination()
    {
        await Start(new Script { Subscribe = ["gp"], Handle = (r, d, _) => Reply("p" + d.ProcessIndex) }, processes: 3);
        ServiceDispatcher context = Runtime.CreateContext();
        CloudIResult<IReadOnlyList<ServiceDestination>> all = await context.GetPids("/gp", 1000);
        Assert.Equal(3, all.Value.Count);
        var answers = new HashSet<string>();
        foreach (ServiceDestination destination in all.Value)
        {
            Assert.Equal("/gp", destination.Pattern);
            answers.Add((await context.SendSync("/gp", default, Bytes("x"), 1000, null, destination)).ResponseText);
        }

        Assert.Equal(["p0", "p1", "p2"], answers.Order());
        CloudIResult<ServiceDestination> one = await context.GetPid("/gp", 1000);
        Assert.True(one.IsOk);
        Assert.Equal("timeout", (await context.GetPid("/none", ServiceDispatcher.Immediate)).Error);
    }

    [Fact]
    public async Task SubscribeCount_AndUnsubscribe()
    {
        var counts = new TaskCompletionSource<int[]>();
        await Start(new Script
        {
            Init = d =>
            {
                d.Subscribe("x");
                d.Subscribe("x");
                d.Subscribe("y");
                int afterSubscribe = d.SubscribeCount("x");
                d.Unsubscribe("x");
                counts.SetResult([afterSubscribe, d.SubscribeCount("x"), d.SubscribeCount("y"), d.SubscribeCount("z")]);
                Assert.Throws<InvalidOperationException>(() => d.Unsubscribe("z"));
                return ValueTask.CompletedTask;
            },
        }, prefix: "/sc/");
        int[] seen = await counts.Task;
        Assert.Equal([2, 1, 1, 0], seen);
    }

    [Fact]
    public async Task InvalidPatterns_AreRejected()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Start(new Script { Subscribe = ["a**"] }, maxR: 0));
    }
}
