using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace HarpCaller.TestHarpd;

/// <summary>
/// Settings of a <see cref="TestHarpd"/>. Every limit has a default chosen for tests on loopback;
/// <see cref="TestHarpd.StartAsync"/> validates them.
/// </summary>
public sealed record TestHarpdOptions
{
    /// <summary>Address to listen on. Default 127.0.0.1: tests never need to be reachable from outside.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 (the default) picks a free one, read it back from <see cref="TestHarpd.Port"/>.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Server certificate with its private key. Null (the default) uses
    /// <see cref="TestCertificates.SharedSelfSigned"/>, so tests that do not care about
    /// certificates do not pay for generating one each.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Intermediate CA certificates sent along with <see cref="Certificate"/> in the handshake.</summary>
    public X509Certificate2Collection? IntermediateCertificates { get; init; }

    /// <summary>
    /// TLS versions accepted, e.g. <c>SslProtocols.Tls12</c> alone or <c>Tls12 | Tls13</c>.
    /// <see cref="SslProtocols.None"/> (the default) lets the platform choose (TLS 1.2 and 1.3).
    /// TLS 1.0 and 1.1 also need <see cref="LegacyTlsOpenSslConfig"/> applied before the process
    /// first uses OpenSSL.
    /// </summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.None;

    /// <summary>Accepted credentials, user → password. Default: <c>rpc</c> / <c>secret</c>.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["rpc"] = "secret" };

    /// <summary>
    /// Write replies as Python's <c>json.dumps</c> does (the original harpd is Python):
    /// <c>", "</c> / <c>": "</c> separators, ASCII only with <c>\uXXXX</c> escapes. Default true,
    /// because that is what a dispatcher meets in production. False writes compact UTF-8 JSON.
    /// Numbers are copied as written either way.
    /// </summary>
    public bool PythonStyleJson { get; init; } = true;

    /// <summary>Longest accepted request line in bytes. Default 16 MiB: far above real calls, bounded memory.</summary>
    public int MaxRequestLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Time allowed for the TLS handshake. Default 10 s: generous for loaded CI machines.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time allowed after the handshake for the complete request line; then the daemon answers
    /// with a <c>timeout</c> error. Default 10 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for each network write. Default 30 s: a peer that stops reading cannot hold a connection forever.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After its last line the daemon waits this long for the peer to close before releasing the
    /// socket (so unread bytes cannot turn the close into a reset that loses replies). Default 2 s;
    /// zero closes at once.
    /// </summary>
    public TimeSpan LingerTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Send a TLS close_notify before closing after a complete reply. Default true. The original
    /// (Python) harpd closes the socket without one, so a dispatcher must cope with both; procedures
    /// that simulate a crash (<c>drop</c>, <c>close_immediately</c>) never send it.
    /// </summary>
    public bool SendCloseNotify { get; init; } = true;

    /// <summary>
    /// Clock for the waits procedures make (<c>sleep</c>, <c>stream</c> delays, …). Network
    /// timeouts always use real time, so a fake clock cannot make a test hang.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Pending-connection queue length. Default 512: benchmarks open connections in bursts.</summary>
    public int ListenBacklog { get; init; } = 512;

    /// <summary>
    /// Receives one line per notable event (connection accepted, TLS version, procedure called,
    /// errors), e.g. to forward to a test's output. Passwords are never included. Called from
    /// thread-pool threads.
    /// </summary>
    public Action<string>? Trace { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(BindAddress);
        ArgumentNullException.ThrowIfNull(Users);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestLineBytes, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestLineBytes, 1024 * 1024 * 1024);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ListenBacklog, 0);
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout));
        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(WriteTimeout, nameof(WriteTimeout));
        if (LingerTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LingerTimeout), LingerTimeout, "must not be negative");
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("the certificate needs its private key", nameof(Certificate));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive and below 24 days");
        }
    }
}
