namespace HarpCaller.Protocol.Internal;

/// <summary>The top-level keys a daemon message may carry. Values index <see cref="HarpdSlots"/> and bit masks.</summary>
internal enum HarpdKey
{
    Harp,
    StreamResult,
    Error,
    Stream,
    Result,
    Exception,

    /// <summary>Number of known keys.</summary>
    Count,
}
