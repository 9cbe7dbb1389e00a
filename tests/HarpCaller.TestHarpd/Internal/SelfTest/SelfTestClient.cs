using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>A minimal harpd client for the self-test, written against the protocol text, not the daemon.</summary>
internal sealed class SelfTestClient
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(20);

    // Reading stops here; the largest reply the self-test asks for is about 17 MiB.
    private const int MaxReceived = 64 * 1024 * 1024;

    public required IPEndPoint EndPoint { get; init; }

    public SslProtocols Protocols { get; init; } = SslProtocols.None;

    /// <summary>Decides whether the daemon's certificate is acceptable.</summary>
    public required RemoteCertificateValidationCallback Validate { get; init; }

    public static string Request(string procedure, string argumentsJson, string user = "rpc", string password = "secret") =>
        $$$"""{"harp":1,"procedure":"{{{procedure}}}","arguments":{{{argumentsJson}}},"auth":{"user":"{{{user}}}","password":"{{{password}}}"}}""" + "\n";

    /// <summary>Accepts exactly the certificate given (pinning).</summary>
    public static RemoteCertificateValidationCallback Pinned(X509Certificate2 expected) =>
        (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected.RawData);

    /// <summary>Sends <paramref name="request"/> (raw text) and collects everything until the daemon closes.</summary>
    public async Task<Transcript> CallAsync(string request, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? s_defaultTimeout);
        var watch = Stopwatch.StartNew();
        (Socket socket, SslStream ssl) = await OpenAsync(deadline.Token).ConfigureAwait(false);
        using (socket)
        await using (ssl.ConfigureAwait(false))
        {
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(request), deadline.Token).ConfigureAwait(false);
            byte[] received = await ReadToEndAsync(ssl, deadline.Token).ConfigureAwait(false);
            return new Transcript(ssl.SslProtocol, received, watch.Elapsed);
        }
    }

    /// <summary>Opens a TLS connection and leaves it to the caller.</summary>
    public async Task<(Socket Socket, SslStream Ssl)> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(EndPoint, cancellationToken).ConfigureAwait(false);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    // A host name, not an address: .NET on Linux only resumes client sessions keyed by one.
                    TargetHost = "localhost",
                    EnabledSslProtocols = Protocols,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = Validate,
                },
                cancellationToken).ConfigureAwait(false);
            return (socket, ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task<byte[]> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                break; // a reset also ends the transcript; the content up to it is what counts
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (received.Length > MaxReceived)
            {
                throw new SelfTestFailure("daemon sent more than " + MaxReceived + " bytes");
            }
        }

        return received.ToArray();
    }
}
