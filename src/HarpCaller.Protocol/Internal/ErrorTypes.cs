namespace HarpCaller.Protocol.Internal;

/// <summary>The error types the protocol layer itself reports.</summary>
internal static class ErrorTypes
{
    /// <summary>A client's request is JSON but not a valid request.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>A client's request is not JSON at all (or not UTF-8, or nested too deeply).</summary>
    public const string ParseError = "parse_error";

    /// <summary>A daemon sent something that is not the harpd protocol.</summary>
    public const string ProtocolError = "protocol_error";
}
