namespace HarpCaller.TestHarpd.Internal;

/// <summary>How a connection ends after its procedure has run.</summary>
internal enum CloseMode
{
    /// <summary>TLS close_notify (if <see cref="TestHarpdOptions.SendCloseNotify"/>), then a TCP FIN.</summary>
    Graceful,

    /// <summary>A TCP FIN without close_notify, like a daemon process that died.</summary>
    Abrupt,
}
