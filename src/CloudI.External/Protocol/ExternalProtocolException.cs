namespace CloudI.External.Protocol;

/// <summary>
/// A protocol violation by the external side (malformed ETF, wrong shape, value out of range, oversized
/// frame). The only exception the decoder and frame reader throw for bad input; the runtime logs it and
/// restarts the OS process (spec §4.1).
/// </summary>
public sealed class ExternalProtocolException : Exception
{
    /// <summary>Creates the exception with a description of the violation.</summary>
    public ExternalProtocolException(string message) : base(message) { }
}
