using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudI.Http;

/// <summary>
/// The embedded Kestrel server: an empty web application (no routing, no MVC, no hosting
/// logs) with the front's single terminal delegate, configured from the front's arguments.
/// </summary>
internal sealed class KestrelFront : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private readonly WebApplication _app;

    private KestrelFront(WebApplication app) => _app = app;

    /// <summary>The bound addresses (a port 0 argument resolved).</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>Builds and starts the server; throws when it cannot listen.</summary>
    public static async Task<KestrelFront> StartAsync(HttpFrontArgs args, HttpFrontHandler handler,
        CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton<IHostLifetime, NoHostLifetime>();
        builder.WebHost.UseKestrelCore();
        if (args.Ssl is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.UseSockets(socket =>
        {
            socket.Backlog = args.Backlog;
            socket.NoDelay = args.NoDelay;
            // The request goes on where the socket completion ran (a thread-pool thread) instead
            // of being queued to another one: a thread switch per request fewer (p99 5.2 -> 2-3 ms,
            // docs/benchmarks.md). A handler that blocks holds that pool thread only, as before
            // (BlockingServiceTests).
            socket.UnsafePreferInlineScheduling = true;
            if (args.ReusePort)
            {
                socket.CreateBoundListenSocket = endpoint => BindReusable((IPEndPoint)endpoint);
            }
        });
        builder.WebHost.ConfigureKestrel(kestrel => Configure(kestrel, args));

        WebApplication app = builder.Build();
        app.Run(handler.HandleAsync);
        var front = new KestrelFront(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        front.Addresses = [.. app.Urls.Select(u => new Uri(u))];
        return front;
    }

    /// <summary>Stops accepting, lets requests in progress finish within the token, then closes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Forced close of what did not finish in time.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void Configure(KestrelServerOptions kestrel, HttpFrontArgs args)
    {
        kestrel.AddServerHeader = false;
        kestrel.AllowSynchronousIO = false;

        // Header bytes are passed on as they came (cowboy does not decode them).
        kestrel.RequestHeaderEncodingSelector = static _ => Encoding.Latin1;
        kestrel.ResponseHeaderEncodingSelector = static _ => Encoding.Latin1;
        KestrelServerLimits limits = kestrel.Limits;
        limits.MaxConcurrentConnections = args.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = args.MaxConnections;
        limits.MaxRequestBodySize = args.BodyLengthRead;
        limits.MaxRequestHeaderCount = args.MaxHeaders;
        limits.MaxRequestLineSize = args.MaxRequestLineLength;
        limits.MaxRequestHeadersTotalSize = (int)Math.Min(1L << 20,
            Math.Max(32 * 1024L, (long)args.MaxHeaders * (args.MaxHeaderNameLength + args.MaxHeaderValueLength + 4)));
        limits.KeepAliveTimeout = TimeSpan.FromMilliseconds(args.RecvTimeout);
        limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(args.RecvTimeout);
        kestrel.Listen(new IPEndPoint(args.Ip, args.Port), listen =>
        {
            listen.Protocols = args.UseOnlyHttp2
                ? HttpProtocols.Http2
                : args.Ssl is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            if (args.Ssl is { } ssl)
            {
                X509Certificate2 certificate = ssl.LoadCertificate();
                X509Certificate2Collection authorities = ssl.LoadCaCertificates();
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = ssl.VerifyPeer
                        ? ClientCertificateMode.RequireCertificate
                        : ClientCertificateMode.NoCertificate,
                    ClientCertificateValidation = ssl.VerifyPeer
                        ? (cert, _, _) => Verify(cert, authorities)
                        : null,
                });
            }

            // Once per connection: the client address texts and the keep-alive count.
            listen.Use(next => connection =>
            {
                connection.Features.Set(new ConnectionState(connection.RemoteEndPoint));
                return next(connection);
            });
        });
    }

    private static bool Verify(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (authorities.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        return chain.Build(certificate);
    }

    private static Socket BindReusable(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
