namespace CloudI.Executable;

/// <summary>Exit codes of <c>cloudi</c> (docs/cloudi.md, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Success: the runtime stopped normally, is running (status), or was stopped (stop).</summary>
    public const int Ok = 0;

    /// <summary>Any other failure: an unexpected error, an error reply, <c>stop</c> timed out.</summary>
    public const int Failure = 1;

    /// <summary>Usage error (bad option or argument).</summary>
    public const int Usage = 2;

    /// <summary><c>status</c>/<c>stop</c>: no runtime answers on the control socket (LSB "not running").</summary>
    public const int NotRunning = 3;

    /// <summary><c>start</c>: the configuration file cannot be read, is invalid, or its log file cannot be opened.</summary>
    public const int Configuration = 4;

    /// <summary><c>start</c>: a configured service failed to start (fail fast, semantics §9.3).</summary>
    public const int ServiceStart = 5;

    /// <summary><c>start</c>: the control socket is in use by another runtime or cannot be created.</summary>
    public const int ControlSocket = 6;
}
