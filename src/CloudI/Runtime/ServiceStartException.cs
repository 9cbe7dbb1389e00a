namespace CloudI.Runtime;

/// <summary>
/// A service could not be started and initialised within its MaxR/MaxT restarts (or its
/// configuration could not be resolved). <see cref="Reason"/> is a CloudI-style atom.
/// </summary>
public sealed class ServiceStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServiceStartException(string reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
    }

    /// <summary>The reason atom, e.g. <c>service_internal_start_failed</c>.</summary>
    public string Reason { get; }
}
