namespace CloudI.Configuration;

/// <summary>
/// A <c>count_process</c>/<c>count_thread</c> value (semantics §8): an integer is an exact count,
/// a float multiplies a base count (the CPU count, or <c>count_process</c> for the
/// <c>count_process_dynamic</c> bounds).
/// </summary>
/// <param name="Value">The configured number (positive).</param>
/// <param name="IsMultiplier">True when it was written as a float.</param>
public readonly record struct ProcessCount(double Value, bool IsMultiplier)
{
    /// <summary>An exact count, as an integer in the configuration.</summary>
    /// <param name="n">The count (positive).</param>
    public static ProcessCount Exactly(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return new ProcessCount(n, IsMultiplier: false);
    }

    /// <summary>
    /// The concrete count: integers are exact; a multiplier <c>x</c> gives <c>floor(x·cpus)</c>
    /// above 1.0, <c>max(1, round(x·cpus))</c> (half away from zero, as Erlang) below 1.0 and
    /// <c>cpus</c> at exactly 1.0.
    /// </summary>
    /// <param name="cpus">The base count (usually <see cref="Environment.ProcessorCount"/>).</param>
    public int Resolve(int cpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        if (!IsMultiplier)
        {
            return ToInt(Value);
        }

        double product = Value * cpus;
        if (Value > 1.0)
        {
            return ToInt(Math.Floor(product));
        }

        if (Value < 1.0)
        {
            return Math.Max(1, ToInt(Math.Round(product, MidpointRounding.AwayFromZero)));
        }

        return cpus;
    }

    /// <summary>The number as written in the configuration (<c>4</c> or <c>1.5</c>).</summary>
    public override string ToString() =>
        IsMultiplier
            ? Value.ToString("0.0###############", System.Globalization.CultureInfo.InvariantCulture)
            : Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    // Saturates instead of overflowing: a huge multiplier is a configuration mistake the runtime
    // should see as "very many", not as a negative count.
    private static int ToInt(double value) => value >= int.MaxValue ? int.MaxValue : (int)value;
}
