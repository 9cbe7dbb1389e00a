using System.Runtime.InteropServices;

namespace HarpCaller.Daemon;

/// <summary>
/// SIGTERM/SIGINT (stop) and SIGHUP (reload), registered before anything else at start-up so a
/// signal that arrives while the daemon is still starting is never handled by the default
/// action (which would end the process without a graceful stop). Signals received before the
/// daemon is ready are held and acted on once it is.
/// </summary>
internal sealed class SignalRelay : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PosixSignalRegistration[] _registrations;
    private DaemonLifecycle? _target;
    private bool _stopPending;
    private bool _reloadPending;

    public SignalRelay()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Reload),
        ];
    }

    /// <summary>True when a stop signal arrived before the daemon was ready.</summary>
    public bool StopPending { get { lock (_gate) return _stopPending; } }

    /// <summary>From now on signals go to <paramref name="lifecycle"/>; held ones are delivered now.</summary>
    public void Attach(DaemonLifecycle lifecycle)
    {
        bool stop, reload;
        lock (_gate)
        {
            _target = lifecycle;
            stop = _stopPending;
            reload = _reloadPending;
        }
        if (stop) lifecycle.RequestStop();
        else if (reload) _ = lifecycle.ReloadAsync(CancellationToken.None);
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true; // the daemon stops gracefully itself
        DaemonLifecycle? target;
        lock (_gate)
        {
            target = _target;
            if (target is null) _stopPending = true;
        }
        target?.RequestStop();
    }

    private void Reload(PosixSignalContext context)
    {
        context.Cancel = true; // SIGHUP's default action would end the process
        DaemonLifecycle? target;
        lock (_gate)
        {
            target = _target;
            if (target is null) _reloadPending = true;
        }
        if (target is not null) _ = target.ReloadAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
