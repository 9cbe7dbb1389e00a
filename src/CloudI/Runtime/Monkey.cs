using CloudI.Configuration;

namespace CloudI.Runtime;

/// <summary>
/// <c>monkey_latency</c> and <c>monkey_chaos</c>: the fault-injection options users test
/// fault tolerance with. Latency is added before each request and info message; chaos fails the
/// process on a request with <c>probability_request</c>.
/// </summary>
internal static class Monkey
{
    /// <summary>The delay to add now, in milliseconds (0 without the option).</summary>
    public static int LatencyMs(MonkeyLatency? latency)
    {
        if (latency is null)
        {
            return 0;
        }

        double ms;
        if (latency.Absolute is { } absolute)
        {
            ms = absolute;
        }
        else if (latency.UniformMin is { } min && latency.UniformMax is { } max)
        {
            ms = min + (Random.Shared.NextDouble() * (max - min));
        }
        else if (latency.GaussianMean is { } mean)
        {
            // Box-Muller: two uniforms give one standard normal sample.
            double u1 = 1.0 - Random.Shared.NextDouble();
            double u2 = Random.Shared.NextDouble();
            double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            ms = mean + (normal * (latency.GaussianStdDev ?? 0));
        }
        else
        {
            ms = 0;
        }

        return (int)Math.Clamp(Math.Round(ms), 0, int.MaxValue);
    }

    /// <summary>Whether chaos strikes on this request.</summary>
    public static bool StrikesRequest(MonkeyChaos? chaos) =>
        chaos?.ProbabilityRequest is { } p && p > 0 && Random.Shared.NextDouble() < p;

    /// <summary>
    /// For <c>probability_day</c>: the delay until chaos strikes within the next day, or null
    /// when it does not strike this day (re-drawn daily).
    /// </summary>
    public static TimeSpan? NextDayStrike(MonkeyChaos? chaos) =>
        chaos?.ProbabilityDay is { } p && p > 0 && Random.Shared.NextDouble() < p
            ? TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * TimeSpan.FromDays(1).TotalMilliseconds)
            : null;
}
