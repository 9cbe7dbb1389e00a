namespace HarpCaller.Daemon;

/// <summary>Exit codes of harpcallerd (harpcaller-admin.md, "CLI output and exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The daemon is not running, failed, or reported an error (message on stderr).</summary>
    public const int Failure = 1;

    /// <summary>Usage error (message and help on stderr).</summary>
    public const int Usage = 2;
}
