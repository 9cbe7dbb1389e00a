namespace CloudI.Api;

/// <summary>The caller or the environment gave something the protocol cannot carry (cloudi.py's <c>InvalidInputException</c>).</summary>
public sealed class CloudIInvalidInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CloudIInvalidInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudIInvalidInputException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CloudIInvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
