using System.Net.Sockets;
using System.Security.Authentication;
using HarpCaller.Protocol;
using HarpCaller.Transport;

namespace HarpCaller.Daemon;

/// <summary>Maps what can go wrong on a daemon connection to the spec's error types and reasons.</summary>
internal static class FailureClassifier
{
    public static HarpdFailure Classify(Exception e, bool certificateRejected)
    {
        switch (e)
        {
            case HarpdFailure f:
                return f;
            case ProtocolException p:
                return new HarpdFailure("protocol_error", p.Message, "bad_protocol", p);
            case LineTooLongException l:
                return new HarpdFailure("protocol_error", $"daemon sent a {l.Message}", "line_too_long", l);
            case AuthenticationException a:
                return certificateRejected
                    ? new HarpdFailure("network_error", "daemon's TLS certificate was rejected", "tls_certificate_rejected", a)
                    : new HarpdFailure("network_error", "TLS handshake failed: " + Shorten(a.InnerException?.Message ?? a.Message), "tls_handshake_failed", a);
            case SocketException s:
                return FromSocket(s);
            case IOException { InnerException: SocketException s }:
                return FromSocket(s);
            case IOException { InnerException: AuthenticationException a }:
                return Classify(a, certificateRejected);
            case IOException io when certificateRejected:
                return new HarpdFailure("network_error", "daemon's TLS certificate was rejected", "tls_certificate_rejected", io);
            case IOException io:
                return new HarpdFailure("network_error", "connection to the daemon broke: " + Shorten(io.Message), "closed", io);
            case ObjectDisposedException od:
                return new HarpdFailure("network_error", "connection to the daemon was closed", "closed", od);
            default:
                return new HarpdFailure("os_error", "local failure: " + Shorten(e.Message), e.GetType().Name, e);
        }
    }

    private static HarpdFailure FromSocket(SocketException s)
    {
        var (type, reason, text) = s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => ("network_error", "econnrefused", "connection refused"),
            SocketError.HostNotFound or SocketError.NoData => ("network_error", "nxdomain", "host name not found"),
            SocketError.TryAgain => ("network_error", "nxdomain", "host name lookup failed temporarily"),
            SocketError.NetworkUnreachable or SocketError.NetworkDown => ("network_error", "enetunreach", "network unreachable"),
            SocketError.HostUnreachable or SocketError.HostDown => ("network_error", "ehostunreach", "host unreachable"),
            SocketError.ConnectionReset => ("network_error", "econnreset", "connection reset by the daemon"),
            SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected => ("network_error", "closed", "connection closed"),
            SocketError.TimedOut => ("network_error", "etimedout", "connection timed out"),
            SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => ("network_error", "eaddrnotavail", "address not available"),
            SocketError.TooManyOpenSockets => ("os_error", "emfile", "too many open files"),
            SocketError.NoBufferSpaceAvailable => ("os_error", "enobufs", "no buffer space available"),
            _ => ("network_error", s.SocketErrorCode.ToString().ToLowerInvariant(), Shorten(s.Message)),
        };
        return new HarpdFailure(type, text, reason, s);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200];
}
