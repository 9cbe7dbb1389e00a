using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace HarpCaller.Tests.Transport;

/// <summary>
/// A loopback TLS server (the runtime's SslStream, session resumption on) running
/// <see cref="Handler"/> on every connection. <see cref="Protocols"/> may change between
/// connections, as a daemon reconfigured between two calls.
/// </summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly SslStreamCertificateContext _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _handshakes;

    public TlsTestServer(X509Certificate2 certificate, SslProtocols protocols, Func<SslStream, CancellationToken, Task> handler)
    {
        Certificate = certificate;
        Protocols = protocols;
        Handler = handler;
        _certificate = SslStreamCertificateContext.Create(certificate, additionalCertificates: null);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public X509Certificate2 Certificate { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public SslProtocols Protocols { get; set; }

    public Func<SslStream, CancellationToken, Task> Handler { get; set; }

    /// <summary>Handshakes completed so far.</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Replies to every line with <c>echo:</c> and the line, until the client closes.</summary>
    public static async Task EchoLinesAsync(SslStream tls, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(tls, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            await tls.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"echo:{line}\n"), cancellationToken);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        await using var tls = new SslStream(new NetworkStream(client, ownsSocket: false));
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            bound.CancelAfter(TimeSpan.FromSeconds(30));
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = _certificate,
                EnabledSslProtocols = Protocols,
                AllowTlsResume = true,
            }, bound.Token);
            Interlocked.Increment(ref _handshakes);
            await Handler(tls, bound.Token);
        }
        catch (Exception)
        {
            // A test client that breaks off: nothing to report here, the test sees its side.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try { await _accepting; } catch (Exception) { }
    }
}
