namespace CloudI.Configuration;

/// <summary>
/// The termination timeout rules of semantics §9.2: how long a stopping service may take before
/// it is killed, derived from MaxR/MaxT so that a failing service's lifetime stays finite.
/// </summary>
public static class TerminateTimeout
{
    /// <summary>The smallest allowed termination timeout, in ms.</summary>
    public const uint Min = 10;

    /// <summary>The largest allowed termination timeout, in ms.</summary>
    public const uint Max = 60000;

    /// <summary>The termination timeout when MaxT is 0, in ms.</summary>
    public const uint WhenMaxTZero = 2000;

    /// <summary>
    /// The default <c>timeout_terminate</c> in ms: 2000 when <paramref name="maxT"/> is 0, else
    /// <c>min(1000·MaxT − 100, 60000)</c> when <paramref name="maxR"/> is 0, else
    /// <c>min((1000·MaxT) div MaxR − 100, 60000)</c>.
    /// </summary>
    /// <param name="maxR">Maximum restarts (≥ 0).</param>
    /// <param name="maxT">Restart period in seconds (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative argument, or MaxR/MaxT for which the formula is below <see cref="Min"/> (see <see cref="MaxTTooSmall"/>).</exception>
    public static uint Default(int maxR, int maxT)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxR);
        ArgumentOutOfRangeException.ThrowIfNegative(maxT);
        if (maxT == 0)
        {
            return WhenMaxTZero;
        }

        long formula = Formula(maxR, maxT);
        if (formula < Min)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxT), maxT, $"MaxT {maxT} with MaxR {maxR} leaves a termination timeout of {formula} ms, below {Min} ms");
        }

        return (uint)Math.Min(formula, Max);
    }

    /// <summary>
    /// True when MaxT is positive but the formula gives less than <see cref="Min"/> ms: such a
    /// configuration is rejected (<c>service_{type}_max_t_increase</c>).
    /// </summary>
    /// <param name="maxR">Maximum restarts (≥ 0).</param>
    /// <param name="maxT">Restart period in seconds (≥ 0).</param>
    public static bool MaxTTooSmall(int maxR, int maxT) => maxT > 0 && Formula(maxR, maxT) < Min;

    /// <summary>
    /// True when an explicit <c>timeout_terminate</c> must not exceed the formula, which is the
    /// case when both MaxR and MaxT are positive (<c>service_options_timeout_terminate_decrease</c>).
    /// </summary>
    /// <param name="maxR">Maximum restarts.</param>
    /// <param name="maxT">Restart period in seconds.</param>
    public static bool IsUpperBound(int maxR, int maxT) => maxR > 0 && maxT > 0;

    private static long Formula(int maxR, int maxT) =>
        maxR == 0 ? (1000L * maxT) - 100 : (1000L * maxT / maxR) - 100;
}
