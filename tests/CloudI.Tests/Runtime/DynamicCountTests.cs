using CloudI.Configuration;
using CloudI.Services;

namespace CloudI.Tests.Runtime;

public sealed class DynamicCountTests : RuntimeTestBase
{
    [Fact]
    public async Task CountProcessDynamic_GrowsUnderLoad_AndShrinksWhenIdle()
    {
        var dynamic = new CountProcessDynamic(1, RateRequestMax: 20, RateRequestMin: 5,
            CountMax: ProcessCount.Exactly(4), CountMin: ProcessCount.Exactly(1));
        Guid id = await Start(new Script { Subscribe = ["dyn"], Handle = (r, d, _) => Reply(d.ProcessCount.ToString()) },
            processes: 2, options: ServiceOptions.Default with { CountProcessDynamic = dynamic });
        ServiceDispatcher context = Runtime.CreateContext();

        // 60 requests well within one period: over 20/s, so the count goes to the maximum.
        for (int k = 0; k < 60; k++)
        {
            Assert.True((await context.SendSync("/dyn", default, Bytes("x"), 1000)).IsOk);
        }

        await WaitFor(() => Runtime.Services.Single(s => s.Id == id).ProcessCount == 4);
        Assert.Equal(4, (await context.GetPids("/dyn", 1000)).Value.Count);
        Assert.Equal("4", (await context.SendSync("/dyn", default, Bytes("x"), 1000)).ResponseText);

        // Idle: 0/s < 5/s, down to the minimum; the surplus processes unsubscribe and terminate.
        await WaitFor(() => Runtime.Services.Single(s => s.Id == id).ProcessCount == 1);
        await WaitFor(() => Runtime.Subscriptions(id)!.Count == 1);
        Assert.Equal("1", (await context.SendSync("/dyn", default, Bytes("x"), 1000)).ResponseText);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (int k = 0; k < 100 && !condition(); k++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
