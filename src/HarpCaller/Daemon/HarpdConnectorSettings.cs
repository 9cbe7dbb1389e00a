using System.Security.Authentication;
using HarpCaller.Configuration;
using HarpCaller.Transport.OpenSsl;

namespace HarpCaller.Daemon;

/// <summary>Settings of the daemon side, rebuilt from the configuration on start and reload.</summary>
internal sealed record HarpdConnectorSettings(SslProtocols Protocols, CertificatePolicy Policy)
{
    /// <summary>Environment variable that, set to <c>dotnet</c>, keeps every daemon connection on the runtime's TLS client.</summary>
    public const string TlsClientVariable = "HARPCALLER_TLS_CLIENT";

    /// <summary>Longest line accepted from a daemon: a result bigger than this is refused as a
    /// protocol error rather than held in memory (the test daemon sends 100 MB lines).</summary>
    public int MaxLineBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>
    /// The OpenSSL client context for <see cref="OpenSslClientStream"/>, or null to use the
    /// runtime's <see cref="System.Net.Security.SslStream"/> (see <see cref="NativeTlsFor"/>).
    /// </summary>
    public OpenSslClientContext? NativeTls { get; init; }

    /// <summary>
    /// The direct OpenSSL client serves TLS 1.2/1.3 connections whose certificate rule needs no
    /// chain (none, or known certificates): it skips the runtime's chain build and signature check
    /// on every connection, resumed ones included, which was the largest single cost of a call.
    /// A <c>ca_file</c> rule, TLS 1.0/1.1 (legacy OpenSSL configuration), a missing OpenSSL 3 or
    /// <see cref="TlsClientVariable"/>=<c>dotnet</c> keep the runtime's client.
    /// </summary>
    public static OpenSslClientContext? NativeTlsFor(HarpdTlsVersion min, CertificatePolicy policy)
    {
        if (policy.HasCaRule || min is HarpdTlsVersion.Tls10 or HarpdTlsVersion.Tls11) return null;
        if (string.Equals(Environment.GetEnvironmentVariable(TlsClientVariable), "dotnet", StringComparison.OrdinalIgnoreCase)) return null;
        if (!OpenSslClientContext.IsAvailable) return null;
        var lowest = min == HarpdTlsVersion.Tls13 ? OpenSslInterop.Tls13Version : OpenSslInterop.Tls12Version;
        return OpenSslClientContext.For(lowest, OpenSslInterop.Tls13Version);
    }

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
