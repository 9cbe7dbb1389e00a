using System.Security.Authentication;
using HarpCaller.Configuration;

namespace HarpCaller.Daemon;

/// <summary>Settings of the daemon side, rebuilt from the configuration on start and reload.</summary>
internal sealed record HarpdConnectorSettings(SslProtocols Protocols, CertificatePolicy Policy)
{
    /// <summary>Longest line accepted from a daemon: a result bigger than this is refused as a
    /// protocol error rather than held in memory (the test daemon sends 100 MB lines).</summary>
    public int MaxLineBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>TLS versions from <paramref name="min"/> up to 1.3.</summary>
    public static SslProtocols ProtocolsFrom(HarpdTlsVersion min)
    {
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are deliberately reachable: the original harpd speaks only TLS 1.0.
        return min switch
        {
            HarpdTlsVersion.Tls10 => SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12 | SslProtocols.Tls13,
            HarpdTlsVersion.Tls11 => SslProtocols.Tls11 | SslProtocols.Tls12 | SslProtocols.Tls13,
            HarpdTlsVersion.Tls12 => SslProtocols.Tls12 | SslProtocols.Tls13,
            _ => SslProtocols.Tls13,
        };
#pragma warning restore SYSLIB0039
    }
}
