namespace HarpCaller.Protocol;

/// <summary>
/// Malformed input on either wire. The only exception the protocol parsers throw for bad input.
/// </summary>
/// <remarks>
/// <see cref="ErrorType"/> is the <c>type</c> to report: <c>"parse_error"</c> or <c>"invalid_request"</c>
/// for a client's request (sent back to the client), <c>"protocol_error"</c> for a daemon's message
/// (stored as the job's error). The message is short and never quotes more than a few dozen
/// characters of the offending input, so it is safe to send back and to log.
/// </remarks>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorType">The error type to report, such as <c>"invalid_request"</c>.</param>
    /// <param name="message">What is wrong, naming the offending key where there is one.</param>
    public ProtocolException(string errorType, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(errorType);
        ErrorType = errorType;
    }

    /// <summary>The error type to report: <c>"invalid_request"</c>, <c>"parse_error"</c> or <c>"protocol_error"</c>.</summary>
    public string ErrorType { get; }
}
