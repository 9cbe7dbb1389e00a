using HarpCaller.Hosts.Internal;

namespace HarpCaller.Hosts;

// The periodic refresh and live reconfiguration.
public sealed partial class HostsRegistry
{
    /// <summary>
    /// Applies new settings (configuration reload). Takes effect for the next run; a run in
    /// progress finishes with the settings it started with.
    /// </summary>
    /// <remarks>
    /// A new script (or a script where there was none) runs at once, unless a run is in progress;
    /// the period restarts from then. A new period alone reschedules the next run to one new
    /// period after the last successful refresh (at once if that is past). Removing the script
    /// stops the periodic refresh and keeps the registry. A different <c>host_db</c> path needs a
    /// restart: it is logged and ignored.
    /// </remarks>
    /// <param name="options">The new settings.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The registry is disposed.</exception>
    public void Reconfigure(HostsRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        bool refreshNow = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            HostsRegistryOptions old = _options;
            if (!string.Equals(options.HostDbPath, old.HostDbPath, StringComparison.Ordinal))
            {
                Log.HostDbChangeNeedsRestart(_logger, old.HostDbPath, options.HostDbPath);
                options = options with { HostDbPath = old.HostDbPath };
            }

            if (options == old)
            {
                return;
            }

            _options = options;
            Log.Reconfigured(_logger, options.Script, options.Refresh);
            if (!_started || _timer is null)
            {
                // StartAsync has not scheduled yet; it reads _options when it does.
                return;
            }

            if (options.Script is null)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else if (!string.Equals(options.Script, old.Script, StringComparison.Ordinal))
            {
                _timer.Change(options.Refresh, options.Refresh);
                refreshNow = true;
            }
            else if (options.Refresh != old.Refresh)
            {
                _timer.Change(NextTickAfterLastRefresh(options.Refresh), options.Refresh);
            }
        }

        if (refreshNow)
        {
            RequestRefresh();
        }
    }

    private TimeSpan NextTickAfterLastRefresh(TimeSpan period)
    {
        if (Volatile.Read(ref _snapshot).RefreshedAt is not { } refreshedAt)
        {
            return period;
        }

        TimeSpan age = _time.GetUtcNow() - refreshedAt;
        if (age < TimeSpan.Zero)
        {
            return period;
        }

        return age >= period ? TimeSpan.Zero : period - age;
    }

    private ITimer CreateTimer(TimeSpan dueTime, TimeSpan period)
    {
        // The timer must not capture the starting caller's execution context (logging scopes).
        return WithoutContextFlow(() => _time.CreateTimer(static state => ((HostsRegistry)state!).RequestRefresh(), this, dueTime, period));
    }

    private static T WithoutContextFlow<T>(Func<T> action)
    {
        // SuppressFlow throws when the caller already suppressed it.
        if (ExecutionContext.IsFlowSuppressed())
        {
            return action();
        }

        using (ExecutionContext.SuppressFlow())
        {
            return action();
        }
    }
}
