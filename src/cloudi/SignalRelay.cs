using System.Runtime.InteropServices;

namespace CloudI.Executable;

/// <summary>
/// SIGTERM/SIGINT (stop) and SIGHUP (reopen the log file), registered before anything else at
/// start-up. A stop signal that arrives before the runtime is ready is remembered and acted on
/// as soon as it is (services already started are stopped gracefully).
/// </summary>
internal sealed class SignalRelay : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PosixSignalRegistration[] _registrations;
    private Action<string>? _stop;
    private Action? _hangup;
    private string? _pendingStop;

    public SignalRelay()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStop),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup),
        ];
    }

    /// <summary>From now on stop signals call <paramref name="stop"/>; one already received is delivered now.</summary>
    public void OnStopRequested(Action<string> stop)
    {
        string? pending;
        lock (_gate)
        {
            _stop = stop;
            pending = _pendingStop;
        }

        if (pending is not null)
        {
            stop(pending);
        }
    }

    /// <summary>From now on SIGHUP calls <paramref name="hangup"/>.</summary>
    public void OnHangup(Action hangup)
    {
        lock (_gate)
        {
            _hangup = hangup;
        }
    }

    private void OnStop(PosixSignalContext context)
    {
        context.Cancel = true; // the runtime stops gracefully itself
        string reason = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        Action<string>? stop;
        lock (_gate)
        {
            stop = _stop;
            _pendingStop ??= reason;
        }

        stop?.Invoke(reason);
    }

    private void OnHangup(PosixSignalContext context)
    {
        context.Cancel = true; // SIGHUP's default action would end the process
        Action? hangup;
        lock (_gate)
        {
            hangup = _hangup;
        }

        hangup?.Invoke();
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
