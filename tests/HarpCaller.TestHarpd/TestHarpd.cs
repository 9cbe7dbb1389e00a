using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HarpCaller.TestHarpd.Internal;

namespace HarpCaller.TestHarpd;

/// <summary>
/// A harpd-protocol server over TLS for tests and benchmarks: one TLS connection per call, one
/// request line, then the replies of a built-in procedure (<see cref="TestHarpdProcedures"/>).
/// Written from the protocol specification independently of the dispatcher, so both sides do not
/// share a misreading. Counters and waits for tests are in <c>TestHarpd.Counters.cs</c>.
/// </summary>
/// <remarks>
/// TLS session resumption is left on (.NET caches one OpenSSL context per certificate and
/// protocol set, with its session cache and ticket keys), so clients that resume make handshakes
/// cheap in benchmarks.
/// </remarks>
public sealed partial class TestHarpd : IAsyncDisposable
{
    // Bounds how long disposal waits for connections to finish after aborting them.
    private static readonly TimeSpan s_disposeTimeout = TimeSpan.FromSeconds(5);

    private readonly TestHarpdOptions _options;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, HarpConnection> _connections = new();
    private readonly Dictionary<string, byte[]> _passwords;
    private readonly Action<string>? _trace;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnectionId;
    private int _disposed;

    private TestHarpd(TestHarpdOptions options, X509Certificate2 certificate, Socket listener, SslStreamCertificateContext certificateContext)
    {
        _options = options;
        _listener = listener;
        _trace = options.Trace;
        Certificate = certificate;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _passwords = options.Users.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);
        SslOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificateContext,
            EnabledSslProtocols = options.Protocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,

            // Already the default; stated because benchmarks depend on it. No CipherSuitesPolicy is
            // set either: on Linux, .NET only caches the OpenSSL context (and so only resumes
            // sessions) when none is given.
            AllowTlsResume = true,
        };
    }

    /// <summary>The TCP port the daemon listens on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>The address and port the daemon listens on.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The server certificate in use (for pinning it in a known-certificates file).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The options the daemon was started with.</summary>
    public TestHarpdOptions Options => _options;

    internal SslServerAuthenticationOptions SslOptions { get; }

    internal bool IsTracing => _trace is not null;

    /// <summary>Binds the listening socket and starts accepting connections.</summary>
    /// <param name="options">Settings; see <see cref="TestHarpdOptions"/>.</param>
    /// <param name="cancellationToken">Cancels the start only.</param>
    /// <returns>The running daemon; dispose it to stop.</returns>
    public static Task<TestHarpd> StartAsync(TestHarpdOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        X509Certificate2 certificate = options.Certificate ?? TestCertificates.SharedSelfSigned;

        // Built once: creating the context builds the chain, and reusing it lets .NET reuse one
        // OpenSSL context (and its session cache) for every connection.
        var certificateContext = SslStreamCertificateContext.Create(certificate, options.IntermediateCertificates, offline: true);

        var listener = new Socket(options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(options.BindAddress, options.Port));
            listener.Listen(options.ListenBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var harpd = new TestHarpd(options, certificate, listener, certificateContext);
        harpd._acceptLoop = Task.Run(harpd.AcceptLoopAsync, CancellationToken.None);
        harpd.TraceServer($"listening on {harpd.EndPoint}, protocols {options.Protocols}");
        return Task.FromResult(harpd);
    }

    /// <summary>
    /// Stops accepting, aborts every open connection (peers see them close) and waits, bounded,
    /// for them to be released. Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Phase one: no new work.
        _stopping.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);

        // Phase two: what is left is aborted, and the wait for it is bounded.
        HarpConnection[] remaining = [.. _connections.Values];
        foreach (HarpConnection connection in remaining)
        {
            connection.Abort("daemon stopping");
        }

        try
        {
            await Task.WhenAll(remaining.Select(c => c.Completion)).WaitAsync(s_disposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            TraceServer($"{_connections.Count} connection(s) still closing after {s_disposeTimeout}");
        }

        _stopping.Dispose();
        TraceServer("stopped");
    }

    internal bool Authenticate(HarpRequest request) =>
        _passwords.TryGetValue(request.User, out byte[]? expected) && request.PasswordEquals(expected);

    internal void TraceConnection(long connectionId, string message) =>
        _trace?.Invoke($"test-harpd:{Port} #{connectionId}: {message}");

    private void TraceServer(string message) => _trace?.Invoke($"test-harpd:{Port}: {message}");

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            catch (SocketException e)
            {
                // E.g. out of file descriptors under a benchmark: keep serving once it clears.
                TraceServer("accept failed: " + e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                continue;
            }

            // Replies are small lines that must go out as written, not wait for Nagle.
            socket.NoDelay = true;
            long id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new HarpConnection(this, _options, socket, id);
            _connections[id] = connection;
            OnConnectionAccepted();
            if (_trace is not null)
            {
                TraceConnection(id, "accepted from " + socket.RemoteEndPoint);
            }

            connection.Start();
        }
    }
}
