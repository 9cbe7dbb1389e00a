using CloudI.Configuration;

namespace CloudI.Tests.Configuration;

public sealed class RestartTrackerTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Max_r_zero_never_restarts()
    {
        var tracker = new RestartTracker(0, 300, _clock);
        Assert.False(tracker.TryRestart());
        _clock.SetSeconds(1000);
        Assert.False(tracker.TryRestart());
        Assert.Equal(0, tracker.Restarts);
    }

    [Fact]
    public void Reaching_max_r_within_max_t_gives_up()
    {
        var tracker = new RestartTracker(3, 10, _clock);
        Assert.True(tracker.TryRestart());
        _clock.SetSeconds(1);
        Assert.True(tracker.TryRestart());
        _clock.SetSeconds(2);
        Assert.True(tracker.TryRestart());
        Assert.Equal(3, tracker.Restarts);
        _clock.SetSeconds(10); // the first restart (t = 0) is still within MaxT: 10 - 0 <= 10
        Assert.False(tracker.TryRestart());
        Assert.Equal(3, tracker.Restarts);
    }

    [Fact]
    public void Expired_restarts_are_forgotten()
    {
        var tracker = new RestartTracker(2, 10, _clock);
        Assert.True(tracker.TryRestart()); // t = 0
        _clock.SetSeconds(1);
        Assert.True(tracker.TryRestart()); // t = 1
        _clock.SetSeconds(5);
        Assert.False(tracker.TryRestart());

        _clock.SetSeconds(11); // t = 0 expired (11 > 10), t = 1 still counts
        Assert.True(tracker.TryRestart());
        Assert.Equal(2, tracker.Restarts);
        Assert.False(tracker.TryRestart()); // restarts at 1 and 11 are both within 10 s

        _clock.SetSeconds(11.9); // whole seconds, as the reference: still second 11
        Assert.False(tracker.TryRestart());

        _clock.SetSeconds(12); // t = 1 expired
        Assert.True(tracker.TryRestart());
        Assert.Equal(2, tracker.Restarts);
    }

    [Fact]
    public void All_restarts_expiring_starts_over()
    {
        var tracker = new RestartTracker(2, 5, _clock);
        Assert.True(tracker.TryRestart());
        Assert.True(tracker.TryRestart());
        Assert.False(tracker.TryRestart());
        _clock.SetSeconds(100);
        Assert.True(tracker.TryRestart());
        Assert.Equal(1, tracker.Restarts);
    }

    [Fact]
    public void Max_t_zero_only_counts_restarts_in_the_same_second()
    {
        var tracker = new RestartTracker(1, 0, _clock);
        Assert.True(tracker.TryRestart());
        Assert.False(tracker.TryRestart());
        _clock.SetSeconds(1);
        Assert.True(tracker.TryRestart());
    }
}
