namespace CloudI.Configuration;

/// <summary>
/// The <c>rate_request_max</c> limiter (semantics §7.3): at most <see cref="Value"/> requests per
/// second, counted over periods of <see cref="PeriodSeconds"/>.
/// </summary>
/// <param name="PeriodSeconds">The counting period in seconds (default 5).</param>
/// <param name="Value">The maximum rate in requests per second (default 1000).</param>
public sealed record RateRequestMax(double PeriodSeconds = RateRequestMax.DefaultPeriodSeconds, double Value = RateRequestMax.DefaultValue)
{
    /// <summary>The default period, 5 s.</summary>
    public const double DefaultPeriodSeconds = 5;

    /// <summary>The default rate, 1000 requests/s.</summary>
    public const double DefaultValue = 1000;
}
