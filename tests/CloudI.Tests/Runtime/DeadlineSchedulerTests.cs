using System.Collections.Concurrent;
using System.Diagnostics;
using CloudI.Runtime;

namespace CloudI.Tests.Runtime;

public sealed class DeadlineSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void FireDue_FiresExactlyTheEntriesDue_AndKeepsTheRest()
    {
        var scheduler = new DeadlineScheduler(withTimer: false);
        var fired = new ConcurrentBag<long>();
        using var done = new CountdownEvent(3);
        foreach (long due in new long[] { 50, 10, 30, 20, 40, 25 })
        {
            scheduler.Schedule(new Probe(p => { fired.Add(p.Due); done.Signal(); }), due);
        }

        Assert.Equal(3, scheduler.FireDue(25));

        // The first fires on the calling thread, the others on the thread pool.
        Assert.True(done.Wait(Patience));
        Assert.Equal([10L, 20L, 25L], fired.Order());
        Assert.Equal(3, scheduler.Count);
        Assert.Equal(30, scheduler.ArmedFor);
        Assert.Equal(0, scheduler.FireDue(29));
    }

    [Fact]
    public void Cancel_TakesTheEntryOut_OnceOnly()
    {
        var scheduler = new DeadlineScheduler(withTimer: false);
        var probes = Enumerable.Range(1, 5).Select(_ => new Probe()).ToArray();
        for (int k = 0; k < probes.Length; k++)
        {
            scheduler.Schedule(probes[k], 10 * (k + 1));
        }

        // The earliest (the heap's root), one in the middle and the last.
        Assert.True(scheduler.Cancel(probes[0]));
        Assert.True(scheduler.Cancel(probes[2]));
        Assert.True(scheduler.Cancel(probes[4]));
        Assert.False(scheduler.Cancel(probes[2]));
        Assert.False(probes[2].IsScheduled);
        Assert.Equal(2, scheduler.Count);

        Assert.Equal(2, scheduler.FireDue(long.MaxValue));
        SpinWait.SpinUntil(() => probes[3].Fires == 1, Patience);
        Assert.Equal([0, 1, 0, 1, 0], probes.Select(p => p.Fires));
        Assert.False(scheduler.Cancel(probes[1]));
        Assert.Equal(0, scheduler.Count);
        Assert.Equal(long.MaxValue, scheduler.ArmedFor);
    }

    [Fact]
    public void Schedule_AnEntryAlreadyWaiting_Throws()
    {
        var scheduler = new DeadlineScheduler(withTimer: false);
        var probe = new Probe();
        scheduler.Schedule(probe, 5);

        Assert.Throws<InvalidOperationException>(() => scheduler.Schedule(probe, 6));
        Assert.True(scheduler.Cancel(probe));
        scheduler.Schedule(probe, 7);
        Assert.Equal(1, scheduler.Count);
        Assert.Equal(1, scheduler.FireDue(7));
    }

    [Fact]
    public void ArmedFor_FollowsTheEarliestDeadline_NotTheLaterOnes()
    {
        var scheduler = new DeadlineScheduler(withTimer: false);
        Assert.Equal(long.MaxValue, scheduler.ArmedFor);
        scheduler.Schedule(new Probe(), 100);
        Assert.Equal(100, scheduler.ArmedFor);
        scheduler.Schedule(new Probe(), 200);
        Assert.Equal(100, scheduler.ArmedFor);
        var early = new Probe();
        scheduler.Schedule(early, 50);
        Assert.Equal(50, scheduler.ArmedFor);

        // Cancelling the earliest leaves the timer as it is: it fires for nothing and re-arms.
        scheduler.Cancel(early);
        Assert.Equal(50, scheduler.ArmedFor);
        Assert.Equal(0, scheduler.FireDue(60));
        Assert.Equal(100, scheduler.ArmedFor);
    }

    [Fact]
    public void RandomScheduleAndCancel_FiresEveryLiveEntryOnce_WhenDue()
    {
        var scheduler = new DeadlineScheduler(withTimer: false);
        var random = new Random(1234);
        var live = new List<Probe>();
        var cancelled = new List<Probe>();
        for (int k = 0; k < 20_000; k++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int at = random.Next(live.Count);
                Assert.True(scheduler.Cancel(live[at]));
                cancelled.Add(live[at]);
                live.RemoveAt(at);
            }
            else
            {
                var probe = new Probe();
                scheduler.Schedule(probe, random.Next(1_000_000));
                live.Add(probe);
            }
        }

        Assert.Equal(live.Count, scheduler.Count);

        // Whatever the heap's shape after the removals, each step takes out exactly what is due.
        int fired = 0;
        foreach (long now in live.Select(p => p.Due).Distinct().Order())
        {
            fired += scheduler.FireDue(now);
            Assert.Equal(live.Count(p => p.Due <= now), fired);
            Assert.Equal(live.Count - fired, scheduler.Count);
        }

        SpinWait.SpinUntil(() => live.All(p => p.Fires == 1), Patience);
        Assert.All(live, p => Assert.Equal(1, p.Fires));
        Assert.All(cancelled, p => Assert.Equal(0, p.Fires));
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public async Task Timer_FiresAtTheDeadline_NotBefore()
    {
        var scheduler = new DeadlineScheduler();
        var probes = new[] { 80, 20, 50 }.Select(ms => (Ms: ms, Probe: new Probe())).ToArray();
        long start = Clock.Now;
        foreach ((int ms, Probe probe) in probes)
        {
            scheduler.Schedule(probe, Clock.AfterMs(start, (uint)ms));
        }

        await Task.WhenAll(probes.Select(p => p.Probe.Fired.Task)).WaitAsync(Patience);
        foreach ((int ms, Probe probe) in probes)
        {
            Assert.True(probe.FiredAt >= probe.Due, $"{ms} ms entry fired {Stopwatch.GetElapsedTime(probe.FiredAt, probe.Due)} early");
        }

        Assert.Equal(0, scheduler.Count);
        Assert.Equal(long.MaxValue, scheduler.ArmedFor);
    }

    [Fact]
    public async Task Timer_AnEarlierEntryScheduledLater_IsNotHeldUpByTheArmedOne()
    {
        var scheduler = new DeadlineScheduler();
        var late = new Probe();
        var early = new Probe();
        scheduler.Schedule(late, Clock.AfterMs(Clock.Now, 60_000));
        var watch = Stopwatch.StartNew();
        scheduler.Schedule(early, Clock.AfterMs(Clock.Now, 30));

        await early.Fired.Task.WaitAsync(Patience);
        Assert.InRange(watch.ElapsedMilliseconds, 29, 5_000);
        Assert.Equal(0, late.Fires);
        Assert.True(scheduler.Cancel(late));
    }

    [Fact]
    public async Task Timer_CancelledEntries_NeverFire()
    {
        var scheduler = new DeadlineScheduler();
        var cancelled = Enumerable.Range(0, 10).Select(_ => new Probe()).ToArray();
        var kept = new Probe();
        foreach (Probe probe in cancelled)
        {
            scheduler.Schedule(probe, Clock.AfterMs(Clock.Now, 20));
        }

        scheduler.Schedule(kept, Clock.AfterMs(Clock.Now, 100));
        Assert.All(cancelled, p => Assert.True(scheduler.Cancel(p)));

        await kept.Fired.Task.WaitAsync(Patience);
        Assert.All(cancelled, p => Assert.Equal(0, p.Fires));
    }

    [Fact]
    public async Task Timer_ConcurrentSchedulersAndCancellers_FireEachLiveEntryOnce()
    {
        var scheduler = new DeadlineScheduler();
        var live = new ConcurrentBag<Probe>();
        var cancelled = new ConcurrentBag<Probe>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            for (int k = 0; k < 5_000; k++)
            {
                var probe = new Probe();
                scheduler.Schedule(probe, Clock.AfterMs(Clock.Now, (uint)random.Next(1, 40)));
                if (random.Next(2) == 0 && scheduler.Cancel(probe))
                {
                    cancelled.Add(probe);
                }
                else
                {
                    live.Add(probe);
                }
            }
        })));

        await Task.WhenAll(live.Select(p => p.Fired.Task)).WaitAsync(Patience);
        await Task.Delay(60);
        Assert.All(live, p => Assert.Equal(1, p.Fires));
        Assert.All(cancelled, p => Assert.Equal(0, p.Fires));
        Assert.Equal(0, scheduler.Count);
    }

    private sealed class Probe(Action<Probe>? onFire = null) : DeadlineEntry
    {
        private int _fires;

        public TaskCompletionSource Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long FiredAt { get; private set; }

        public int Fires => Volatile.Read(ref _fires);

        protected internal override void OnDeadline()
        {
            FiredAt = Clock.Now;
            Interlocked.Increment(ref _fires);
            onFire?.Invoke(this);
            Fired.TrySetResult();
        }
    }
}
