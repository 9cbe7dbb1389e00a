namespace CloudI.Tests.Configuration;

/// <summary>A clock moved by hand, for both wall time and the monotonic timestamp (1 tick = 100 ns).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void SetSeconds(double seconds) => _ticks = (long)(seconds * TimeSpan.TicksPerSecond);

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(_ticks);
}
