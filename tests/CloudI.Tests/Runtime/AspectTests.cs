using System.Collections.Concurrent;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Tests.Runtime;

public static class TestAspects
{
    public static ConcurrentQueue<string> Calls { get; } = new();

    public static ValueTask InitAfter(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout, ServiceDispatcher dispatcher)
    {
        Calls.Enqueue("init_after " + prefix);
        return ValueTask.CompletedTask;
    }

    public static ValueTask Before(ServiceRequest request, ServiceDispatcher dispatcher)
    {
        Calls.Enqueue("before " + request.Name);
        return ValueTask.CompletedTask;
    }

    public static ValueTask After(ServiceRequest request, RequestResult result, ServiceDispatcher dispatcher)
    {
        Calls.Enqueue("after " + result.Kind);
        return ValueTask.CompletedTask;
    }

    public static ValueTask Terminate(string reason, uint timeout)
    {
        Calls.Enqueue("terminate " + reason);
        return ValueTask.CompletedTask;
    }
}

public sealed class AspectTests : RuntimeTestBase
{
    private static ErlangTuple Fn(string name) => new(new ErlangAtom(typeof(TestAspects).FullName!), new ErlangAtom(name));

    [Fact]
    public async Task Aspects_FromModuleFunctionTuples_AndRegisteredNames_RunInOrder()
    {
        TestAspects.Calls.Clear();
        var named = new ConcurrentQueue<string>();
        Runtime.Aspects.Register("count_info", (InfoAspect)((m, d) => { named.Enqueue("info " + m); return ValueTask.CompletedTask; }));
        ServiceOptions options = ServiceOptions.Default with
        {
            AspectsInitAfter = [Fn("InitAfter")],
            AspectsRequestBefore = [Fn("Before")],
            AspectsRequestAfter = [Fn("After")],
            AspectsInfoBefore = [new ErlangAtom("count_info")],
            AspectsTerminateBefore = [Fn("Terminate")],
        };
        Guid id = await Start(new Script { Subscribe = ["asp"], Handle = (r, d, _) => { d.SendInfo("ping"); return Reply("ok"); } },
            prefix: "/aspects/", options: options);
        Assert.True((await Runtime.CreateContext().SendSync("/aspects/asp", default, Bytes("x"), 1000)).IsOk);
        for (int k = 0; k < 50 && named.IsEmpty; k++)
        {
            await Task.Delay(20);
        }

        await Runtime.RemoveServiceAsync(id);
        Assert.Equal(["init_after /aspects/", "before /aspects/asp", "after Reply", "terminate shutdown"], TestAspects.Calls);
        Assert.Equal(["info ping"], named);
    }

    [Fact]
    public async Task UnknownAspect_IsAStartError()
    {
        ServiceStartException e = await Assert.ThrowsAsync<ServiceStartException>(() =>
            Start(new Script(), options: ServiceOptions.Default with { AspectsRequestBefore = [Fn("Missing")] }));
        Assert.Equal("service_options_aspects_request_before_invalid", e.Reason);
    }
}
