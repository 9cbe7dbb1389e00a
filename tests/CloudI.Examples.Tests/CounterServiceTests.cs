using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Examples.Tests;

public sealed class CounterServiceTests : ExamplesTestBase
{
    [Fact]
    public async Task Get_AnswersTheIncrementedCount_PeekDoesNotIncrement()
    {
        await Start(typeof(CounterService), "/tests/count/", 1, Arg("name", "csharp"));
        ServiceDispatcher context = Runtime.CreateContext();

        Assert.Equal("1", await Call(context, "/tests/count/csharp/get"));
        Assert.Equal("2", await Call(context, "/tests/count/csharp/get"));
        Assert.Equal("3", await Call(context, "/tests/count/csharp/get"));
        Assert.Equal("3", await Call(context, "/tests/count/csharp/peek"));
        Assert.Equal("4", await Call(context, "/tests/count/csharp/get"));
    }

    [Fact]
    public async Task EveryProcess_CountsForItself_TotalSumsThemThroughSendAsyncActive()
    {
        await Start(typeof(CounterService), "/tests/count/", 4);
        ServiceDispatcher context = Runtime.CreateContext();
        var answers = new List<int>();
        for (int k = 0; k < 40; k++)
        {
            answers.Add(int.Parse(await Call(context, "/tests/count/csharp/get")));
        }

        // Each process counts 1, 2, 3, … on its own: the answers are up to 4 interleaved runs, so
        // every value n > 1 appears at most as often as n − 1 (and random choice used several).
        for (int n = 2; n <= answers.Max(); n++)
        {
            Assert.True(answers.Count(a => a == n) <= answers.Count(a => a == n - 1), $"more {n}s than {n - 1}s");
        }

        Assert.InRange(answers.Count(a => a == 1), 2, 4);

        SendSyncResult total = await context.SendSync("/tests/count/csharp/total", default, Bytes("?"), 5000);
        Assert.True(total.IsOk, $"total: {total.Error}");
        Assert.Equal("40", total.ResponseText);
        Assert.Equal("processes\u00004\u0000missing\u00000\u0000", Text(total.ResponseInfo));
    }

    [Fact]
    public async Task Total_WithOneProcess_IsItsOwnCount()
    {
        await Start(typeof(CounterService), "/tests/count/");
        ServiceDispatcher context = Runtime.CreateContext();
        await Call(context, "/tests/count/csharp/get");
        await Call(context, "/tests/count/csharp/get");

        SendSyncResult total = await context.SendSync("/tests/count/csharp/total", default, Bytes("?"), 5000);
        Assert.Equal("2", total.ResponseText);
        Assert.Equal("processes\u00001\u0000missing\u00000\u0000", Text(total.ResponseInfo));
    }

    [Fact]
    public async Task NameArgument_ChoosesTheSubscription()
    {
        await Start(typeof(CounterService), "/tests/count/", 1, Arg("name", "other"));
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("1", await Call(context, "/tests/count/other/get"));
        Assert.Equal("timeout",
            (await context.SendSync("/tests/count/csharp/get", default, Bytes(""), ServiceDispatcher.Immediate)).Error);
    }

    [Fact]
    public async Task UnknownArgument_IsAStartFailure()
    {
        var config = Config(typeof(CounterService), "/tests/count/", 1, Arg("nmae", "csharp")) with { MaxR = 0 };
        ServiceStartException e = await Assert.ThrowsAsync<ServiceStartException>(() => Runtime.AddServiceAsync(config));
        Assert.Contains("nmae", e.InnerException?.Message ?? e.Message);
        Assert.Empty(Runtime.Services);
    }
}
