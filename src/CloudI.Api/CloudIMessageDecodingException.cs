namespace CloudI.Api;

/// <summary>
/// The runtime sent something that does not parse (wrong code, truncated, an unexpected reply):
/// the connection can no longer be trusted and the service should exit.
/// </summary>
public sealed class CloudIMessageDecodingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CloudIMessageDecodingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudIMessageDecodingException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudIMessageDecodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
