namespace CloudI.Configuration;

/// <summary>The socket type of an external service's threads (<c>protocol</c>; <c>default</c> is <see cref="Local"/>).</summary>
public enum ExternalProtocol
{
    /// <summary>Unix stream sockets with a 4-byte length prefix.</summary>
    Local,

    /// <summary>TCP over 127.0.0.1 with a 4-byte length prefix.</summary>
    Tcp,

    /// <summary>Connected UDP over 127.0.0.1, one datagram per message.</summary>
    Udp,
}
