namespace CloudI.Configuration;

/// <summary>
/// The MaxR/MaxT restart decision of semantics §9.1 for one tracked unit (a service process, or
/// an external OS process with all its threads): at most MaxR restarts within MaxT seconds.
/// Not thread-safe; the owner serialises failures of its unit.
/// </summary>
public sealed class RestartTracker
{
    private readonly int _maxR;
    private readonly int _maxT;
    private readonly TimeProvider _clock;

    // Restart times in whole seconds of the monotonic clock, newest first (as the reference keeps them).
    private readonly List<long> _times = [];

    /// <summary>Creates a tracker with no restarts recorded.</summary>
    /// <param name="maxR">Maximum restarts (0: never restart).</param>
    /// <param name="maxT">The period, in seconds, the restarts are counted over.</param>
    /// <param name="clock">The clock (its monotonic timestamp is used).</param>
    public RestartTracker(int maxR, int maxT, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxR);
        ArgumentOutOfRangeException.ThrowIfNegative(maxT);
        ArgumentNullException.ThrowIfNull(clock);
        _maxR = maxR;
        _maxT = maxT;
        _clock = clock;
    }

    /// <summary>The restart count R of §9.1 (restarts still counted against MaxR).</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Called on a failure (including a failed restart attempt): true when a restart is allowed,
    /// and then recorded; false to give up ("max restarts").
    /// </summary>
    public bool TryRestart()
    {
        if (_maxR == 0)
        {
            return false;
        }

        long now = NowSeconds();
        while (true)
        {
            if (Restarts == 0)
            {
                Restarts = 1;
                _times.Clear();
                _times.Add(now);
                return true;
            }

            if (Restarts == _maxR)
            {
                _times.RemoveAll(t => !(now - t >= 0 && now - t <= _maxT));
                if (_times.Count < Restarts)
                {
                    Restarts = _times.Count;
                    continue; // re-evaluate with the expired restarts forgotten
                }

                return false;
            }

            Restarts++;
            _times.Insert(0, now);
            return true;
        }
    }

    private long NowSeconds() => _clock.GetTimestamp() / _clock.TimestampFrequency;
}
