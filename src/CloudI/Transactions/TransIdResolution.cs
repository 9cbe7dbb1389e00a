namespace CloudI.Transactions;

/// <summary>How finely the clock reading enters the timestamp.</summary>
public enum TransIdResolution
{
    /// <summary>CloudI 1.5.3: microseconds × 10, so the last decimal digit of a fresh reading is 0.</summary>
    Microseconds,

    /// <summary>CloudI 2.0.x: nanoseconds / 100.</summary>
    HundredNanoseconds,
}
