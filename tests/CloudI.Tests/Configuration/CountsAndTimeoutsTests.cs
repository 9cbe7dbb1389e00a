using CloudI.Configuration;

namespace CloudI.Tests.Configuration;

public sealed class CountsAndTimeoutsTests
{
    [Theory]
    [InlineData(3, false, 8, 3)]
    [InlineData(1.0, true, 7, 7)] // x == 1.0 → cpus
    [InlineData(2.0, true, 3, 6)]
    [InlineData(1.5, true, 3, 4)] // floor(4.5)
    [InlineData(1.99, true, 1, 1)] // floor(1.99)
    [InlineData(0.5, true, 5, 3)] // round(2.5) half away from zero, not to even
    [InlineData(0.5, true, 3, 2)] // round(1.5)
    [InlineData(0.5, true, 2, 1)] // round(1.0)
    [InlineData(0.25, true, 2, 1)] // round(0.5) = 1
    [InlineData(0.1, true, 4, 1)] // max(1, round(0.4) = 0)
    [InlineData(0.75, true, 6, 5)] // round(4.5)
    public void Process_counts_resolve_like_cloudi(double value, bool multiplier, int cpus, int expected) =>
        Assert.Equal(expected, new ProcessCount(value, multiplier).Resolve(cpus));

    [Fact]
    public void Exactly_is_an_integer_count()
    {
        Assert.Equal(new ProcessCount(4, false), ProcessCount.Exactly(4));
        Assert.Equal("4", ProcessCount.Exactly(4).ToString());
        Assert.Equal("0.5", new ProcessCount(0.5, true).ToString());
        Assert.Equal("4.0", new ProcessCount(4, true).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessCount.Exactly(0));
        Assert.Equal(int.MaxValue, new ProcessCount(1e300, true).Resolve(4));
    }

    [Theory]
    [InlineData(5, 300, 59900u)]
    [InlineData(5, 0, 2000u)]
    [InlineData(0, 0, 2000u)]
    [InlineData(0, 2, 1900u)]
    [InlineData(0, 1000, 60000u)]
    [InlineData(1, 1, 900u)]
    [InlineData(3, 10, 3233u)] // 10000 div 3 - 100
    [InlineData(9, 1, 11u)]
    public void Terminate_timeout_defaults_follow_the_formula(int maxR, int maxT, uint expected) =>
        Assert.Equal(expected, TerminateTimeout.Default(maxR, maxT));

    [Theory]
    [InlineData(10, 1)] // 1000 div 10 - 100 = 0
    [InlineData(2728, 300)]
    [InlineData(5000, 5)]
    public void A_max_t_giving_less_than_10_ms_is_rejected(int maxR, int maxT)
    {
        Assert.True(TerminateTimeout.MaxTTooSmall(maxR, maxT));
        Assert.Throws<ArgumentOutOfRangeException>(() => TerminateTimeout.Default(maxR, maxT));
    }

    [Fact]
    public void Max_t_zero_is_never_too_small()
    {
        Assert.False(TerminateTimeout.MaxTTooSmall(1000000, 0));
        Assert.False(TerminateTimeout.MaxTTooSmall(0, 1));
        Assert.True(TerminateTimeout.IsUpperBound(5, 300));
        Assert.False(TerminateTimeout.IsUpperBound(0, 300));
        Assert.False(TerminateTimeout.IsUpperBound(5, 0));
    }
}
