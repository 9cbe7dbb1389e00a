using System.Globalization;
using System.Net;

namespace CloudI.Http;

/// <summary>
/// Per-connection data, set by a connection middleware so it is computed once per connection
/// rather than per request: the client address texts, the keep-alive request count, and what
/// the last request derived (reused while the client repeats itself). The cached values are
/// immutable objects swapped whole, so concurrent HTTP/2 streams may share them.
/// </summary>
internal sealed class ConnectionState
{
    private int _requests;

    public ConnectionState(EndPoint? remote)
    {
        if (remote is IPEndPoint ip)
        {
            IPAddress address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
            Address = address.ToString();
            Port = ip.Port.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            Address = remote?.ToString() ?? "unknown";
            Port = "0";
        }
    }

    /// <summary>The client IP as text (<c>source-address</c>, <c>peer</c>).</summary>
    public string Address { get; }

    /// <summary>The client port as text (<c>source-port</c>, <c>peer-port</c>).</summary>
    public string Port { get; }

    /// <summary>The last request's target-derived values (path, service name, GET query).</summary>
    public ParsedTarget? LastTarget { get; set; }

    /// <summary>The last request's RequestInfo and what it was built from.</summary>
    public RequestInfoCache? LastRequestInfo { get; set; }

    /// <summary>Counts one request; the count including it.</summary>
    public int NextRequest() => Interlocked.Increment(ref _requests);
}
