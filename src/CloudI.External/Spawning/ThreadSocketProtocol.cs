namespace CloudI.External.Spawning;

/// <summary>The transport of the per-thread sockets (<c>CLOUDI_API_INIT_PROTOCOL</c>).</summary>
public enum ThreadSocketProtocol
{
    /// <summary>AF_UNIX stream socket pair (<c>local</c>, also <c>default</c>).</summary>
    Local,

    /// <summary>Connected AF_INET stream sockets on 127.0.0.1 (<c>tcp</c>).</summary>
    Tcp,

    /// <summary>Two AF_INET datagram sockets on 127.0.0.1, connected to each other (<c>udp</c>).</summary>
    Udp,
}
