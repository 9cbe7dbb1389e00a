using System.Diagnostics;

namespace CloudI.Runtime;

/// <summary>Monotonic milliseconds for deadlines; wall-clock changes must not move timeouts.</summary>
internal static class Clock
{
    private static readonly double s_ticksPerMs = Stopwatch.Frequency / 1000.0;

    public static long Now => Stopwatch.GetTimestamp();

    public static long AfterMs(long start, uint ms) => start + (long)(ms * s_ticksPerMs);

    public static uint ElapsedMs(long since) => (uint)Math.Min(uint.MaxValue, Math.Max(0, (Now - since) / s_ticksPerMs));

    /// <summary>A positive tick count in whole milliseconds, rounded up (a timer for it does not end early).</summary>
    public static long CeilingMs(long ticks) => (long)Math.Ceiling(ticks / s_ticksPerMs);

    /// <summary>Milliseconds from now until <paramref name="deadline"/>, 0 once passed.</summary>
    public static uint RemainingMs(long deadline)
    {
        long left = deadline - Now;
        return left <= 0 ? 0 : (uint)Math.Min(uint.MaxValue, CeilingMs(left));
    }
}
