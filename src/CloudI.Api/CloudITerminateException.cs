namespace CloudI.Api;

/// <summary>
/// The runtime asked the service to stop (TERM) or closed the socket while a blocking call
/// waited. Let it propagate: the request handler then gets a null response sent for it and
/// <see cref="CloudIApi.Poll"/> returns false; the service has <see cref="Timeout"/> ms to exit.
/// </summary>
public sealed class CloudITerminateException : Exception
{
    /// <summary>Creates the exception with the termination timeout (ms) the service has left.</summary>
    public CloudITerminateException(uint timeout)
        : base($"CloudI service termination (timeout {timeout} ms)") => Timeout = timeout;

    /// <summary>Creates the exception.</summary>
    public CloudITerminateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudITerminateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudITerminateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The termination timeout in ms (INIT's timeout_terminate).</summary>
    public uint Timeout { get; }
}
