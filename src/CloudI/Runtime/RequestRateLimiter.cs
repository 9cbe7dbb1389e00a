namespace CloudI.Runtime;

/// <summary>
/// <c>rate_request_max</c> (§7.3): a per-subscriber counter reset every period; once admitting
/// one more request would exceed the rate, every request is refused until the period ends.
/// A refused request is not counted. Not thread-safe: the mailbox lock guards it.
/// </summary>
internal sealed class RequestRateLimiter(double periodSeconds, double maxPerSecond)
{
    private long _periodEnd;
    private long _count;
    private bool _blocking;

    public bool TryAdmit(long now)
    {
        if (now >= _periodEnd)
        {
            _periodEnd = Clock.AfterMs(now, (uint)(periodSeconds * 1000));
            _count = 0;
            _blocking = false;
        }

        if (_blocking)
        {
            return false;
        }

        if ((_count + 1) / periodSeconds > maxPerSecond)
        {
            _blocking = true;
            return false;
        }

        _count++;
        return true;
    }
}
