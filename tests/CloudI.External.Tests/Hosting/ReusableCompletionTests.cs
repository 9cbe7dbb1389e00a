using System.Runtime.CompilerServices;
using CloudI.External.Hosting;

namespace CloudI.External.Tests.Hosting;

/// <summary>The reused end-of-request signal of an external thread.</summary>
public sealed class ReusableCompletionTests
{
    [Fact]
    public void EachRoundEndsOnceAndTheContinuationRunsOnTheCompletingThread()
    {
        var completion = new ReusableCompletion();
        for (int round = 0; round < 3; round++)
        {
            ValueTask wait = completion.Arm();
            Assert.False(wait.IsCompleted);
            Thread? ranOn = null;
            OnEnd(wait, () => ranOn = Thread.CurrentThread);

            bool first = false;
            bool second = true;
            var completer = new Thread(() =>
            {
                first = completion.Complete();
                second = completion.Complete();
            });
            completer.Start();
            completer.Join();
            Assert.True(first);
            Assert.False(second); // a second end of the same round counts for nothing
            Assert.Same(completer, ranOn);
        }
    }

    /// <summary>Registers <paramref name="then"/> as the runtime awaits: without xUnit's synchronization context.</summary>
    private static void OnEnd(ValueTask wait, Action then)
    {
        ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter awaiter = wait.ConfigureAwait(false).GetAwaiter();
        awaiter.OnCompleted(() =>
        {
            awaiter.GetResult();
            then();
        });
    }

    [Fact]
    public void CompletingWithoutARoundDoesNothing()
    {
        var completion = new ReusableCompletion();
        Assert.False(completion.Complete());
        ValueTask wait = completion.Arm();
        Assert.True(completion.Complete());
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RacingCompletionsEndARoundExactlyOnce()
    {
        var completion = new ReusableCompletion();
        for (int round = 0; round < 200; round++)
        {
            ValueTask wait = completion.Arm();
            int wins = 0;
            using var start = new Barrier(2);
            Thread[] racers = [.. Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                if (completion.Complete())
                {
                    Interlocked.Increment(ref wins);
                }
            }))];
            foreach (Thread racer in racers)
            {
                racer.Start();
            }

            foreach (Thread racer in racers)
            {
                racer.Join();
            }

            await wait;
            Assert.Equal(1, wins);
        }
    }
}
