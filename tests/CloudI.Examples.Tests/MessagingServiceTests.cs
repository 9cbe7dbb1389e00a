using CloudI.Services;

namespace CloudI.Examples.Tests;

public sealed class MessagingServiceTests : ExamplesTestBase
{
    private const string Prefix = "/tests/messaging/";

    [Fact]
    public async Task Run_AnswersOk_ThreeTimesInARow()
    {
        await Start(typeof(MessagingService), Prefix, 4);
        ServiceDispatcher context = Runtime.CreateContext();
        for (int run = 1; run <= 3; run++)
        {
            Assert.Equal("ok", await Call(context, Prefix + "run", "", 15000));
        }
    }

    [Fact]
    public async Task ConcurrentRuns_TakeTurns_AndBothPass_IncludingTheHttpName()
    {
        await Start(typeof(MessagingService), Prefix, 4);
        ServiceDispatcher context = Runtime.CreateContext();
        Task<string> first = Call(context, Prefix + "run", "", 15000);
        Task<string> second = Call(context, Prefix + "run/get", "", 15000);
        Assert.Equal(["ok", "ok"], await Task.WhenAll(first, second));
    }

    [Fact]
    public async Task PatternPrecedence_SeenFromAContext_MatchesTheSpecTable()
    {
        await Start(typeof(MessagingService), Prefix, 4);
        ServiceDispatcher context = Runtime.CreateContext();
        foreach ((string name, string pattern) in MessagingPrecedence.Cases)
        {
            Assert.Equal(MessagingPrecedence.Answer(pattern, name), await Call(context, Prefix + name, name));
        }
    }

    [Fact]
    public async Task EveryProcess_HoldsTheSubscriptionsOfTheOriginal()
    {
        Guid id = await Start(typeof(MessagingService), Prefix, 4);
        IReadOnlyList<string> all = Runtime.Subscriptions(id)!;

        // 11 precedence patterns + 8 × e + f1, f2, g1, null, silent per process; run and run/get once.
        Assert.Equal((4 * (11 + 8 + 5)) + 2, all.Count);
        Assert.Equal(32, all.Count(p => p == Prefix + "e"));
        Assert.Single(all, p => p == Prefix + "run");
        Assert.DoesNotContain(Prefix + "tmp", all);
    }

    [Fact]
    public async Task Run_ReportsExactlyWhatDiffered()
    {
        await Start(typeof(MessagingService), Prefix, 4);

        // A more specific (exact) subscription steals one precedence case from the test's own patterns.
        await Start(typeof(FixedAnswerService), Prefix, 1, Arg("pattern", "a/b/c/z"), Arg("answer", "stolen"));
        ServiceDispatcher context = Runtime.CreateContext();

        Assert.Equal(
            "failed: sequence1 (precedence, recv_async): a/b/c/z answered by: expected a/b/c/*|test2, got stolen",
            await Call(context, Prefix + "run", "", 15000));
    }

    [Fact]
    public async Task Run_WithOneProcess_ReportsThatItNeedsSiblings()
    {
        await Start(typeof(MessagingService), Prefix, 1);
        ServiceDispatcher context = Runtime.CreateContext();
        Assert.Equal("failed: start: count_process is 1; the messaging test needs at least 2",
            await Call(context, Prefix + "run", "", 15000));
    }
}
