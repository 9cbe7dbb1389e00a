namespace CloudI.Api;

/// <summary>The socket type of the thread sockets (<c>CLOUDI_API_INIT_PROTOCOL</c>).</summary>
public enum ApiProtocol
{
    /// <summary>Unix stream socket, 4-byte length prefix (<c>local</c>, also <c>default</c>).</summary>
    Local,

    /// <summary>TCP stream over 127.0.0.1, 4-byte length prefix.</summary>
    Tcp,

    /// <summary>Connected UDP over 127.0.0.1, one datagram per message (KEEPALIVE is answered).</summary>
    Udp,
}
