using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using HarpCaller.TestHarpd;
using HarpCaller.Transport.OpenSsl;

namespace HarpCaller.Tests.Transport;

public sealed class OpenSslClientStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static OpenSslClientContext Context => OpenSslClientContext.For(OpenSslInterop.Tls12Version, OpenSslInterop.Tls13Version);

    private static async Task<(Socket Socket, OpenSslClientStream Tls)> ConnectAsync(
        IPEndPoint server, SslSessionHandle? session = null, OpenSslClientContext? context = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        var tls = new OpenSslClientStream(socket, context ?? Context);
        try
        {
            using var cts = new CancellationTokenSource(Bound);
            await tls.HandshakeAsync("daemon.test", session, cts.Token);
        }
        catch
        {
            tls.Dispose();
            socket.Dispose();
            throw;
        }
        return (socket, tls);
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var cts = new CancellationTokenSource(Bound);
        while (await stream.ReadAsync(one, cts.Token) == 1 && one[0] != (byte)'\n') bytes.Add(one[0]);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, OpenSslInterop.Tls12Version)]
    [InlineData(SslProtocols.Tls13, OpenSslInterop.Tls13Version)]
    public async Task Handshake_ThenLinesBothWays(SslProtocols protocols, int expected)
    {
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, protocols, TlsTestServer.EchoLinesAsync);
        var (socket, tls) = await ConnectAsync(server.EndPoint);
        using var _ = socket;
        await using var __ = tls;
        Assert.Equal(expected, tls.Protocol);
        Assert.False(tls.Resumed);
        await tls.WriteAsync("hello\n"u8.ToArray());
        Assert.Equal("echo:hello", await ReadLineAsync(tls));
        await tls.WriteAsync("second\n"u8.ToArray());
        Assert.Equal("echo:second", await ReadLineAsync(tls));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task SecondConnection_ResumesTheSession_AndStillShowsTheCertificate(SslProtocols protocols)
    {
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, protocols, TlsTestServer.EchoLinesAsync);
        SslSessionHandle? session;
        var (socket, tls) = await ConnectAsync(server.EndPoint);
        using (socket)
        await using (tls)
        {
            await tls.WriteAsync("one\n"u8.ToArray());
            Assert.Equal("echo:one", await ReadLineAsync(tls)); // TLS 1.3 tickets arrive after the handshake
            Assert.Equal(server.Certificate.RawData, tls.GetPeerCertificate());
            session = tls.TakeSession();
        }
        Assert.NotNull(session);
        using (session)
        {
            (socket, tls) = await ConnectAsync(server.EndPoint, session);
            using (socket)
            await using (tls)
            {
                Assert.True(tls.Resumed);
                Assert.Equal(server.Certificate.RawData, tls.GetPeerCertificate());
                await tls.WriteAsync("two\n"u8.ToArray());
                Assert.Equal("echo:two", await ReadLineAsync(tls));
            }
        }
    }

    [Fact]
    public async Task ResumingATls12Session_OffersNothingNewer()
    {
        // The session pins the version: a daemon that now speaks only TLS 1.3 refuses the
        // handshake (the connector then forgets the session and tries again in full).
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.Tls12, TlsTestServer.EchoLinesAsync);
        var (socket, tls) = await ConnectAsync(server.EndPoint);
        var session = tls.TakeSession();
        tls.Dispose();
        socket.Dispose();
        Assert.NotNull(session);
        using (session)
        {
            server.Protocols = SslProtocols.Tls13;
            await Assert.ThrowsAsync<AuthenticationException>(() => ConnectAsync(server.EndPoint, session));
            var (again, full) = await ConnectAsync(server.EndPoint);
            using (again)
            await using (full)
            {
                Assert.Equal(OpenSslInterop.Tls13Version, full.Protocol);
            }
        }
    }

    [Fact]
    public async Task LargeReply_ArrivesWhole_ThroughSmallReads()
    {
        var payload = new byte[1_000_003];
        new Random(11).NextBytes(payload);
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.None, async (s, ct) =>
        {
            var ask = new byte[1];
            await s.ReadExactlyAsync(ask, ct);
            await s.WriteAsync(payload, ct);
        });
        var (socket, tls) = await ConnectAsync(server.EndPoint);
        using var _ = socket;
        await using var __ = tls;
        await tls.WriteAsync("?"u8.ToArray());
        var received = new MemoryStream();
        var buffer = new byte[777];
        using var cts = new CancellationTokenSource(Bound);
        while (received.Length < payload.Length)
        {
            var read = await tls.ReadAsync(buffer, cts.Token);
            Assert.True(read > 0, "ended early");
            received.Write(buffer, 0, read);
        }
        Assert.True(payload.AsSpan().SequenceEqual(received.ToArray()));
    }

    [Fact]
    public async Task PeerClosing_EndsTheStream()
    {
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.None, async (s, ct) =>
        {
            await s.WriteAsync("bye\n"u8.ToArray(), ct);
            await s.ShutdownAsync();
        });
        var (socket, tls) = await ConnectAsync(server.EndPoint);
        using var _ = socket;
        await using var __ = tls;
        Assert.Equal("bye", await ReadLineAsync(tls));
        using var cts = new CancellationTokenSource(Bound);
        Assert.Equal(0, await tls.ReadAsync(new byte[16], cts.Token));
    }

    [Fact]
    public async Task PlainTcpPeer_FailsTheHandshake()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var serving = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            await peer.SendAsync("HTTP/1.0 400 Bad Request\r\n\r\n"u8.ToArray());
            await Task.Delay(500);
        });
        await Assert.ThrowsAsync<AuthenticationException>(() => ConnectAsync((IPEndPoint)listener.LocalEndPoint!));
        await serving;
    }

    [Fact]
    public async Task SilentPeer_HandshakeIsCancelledByItsToken()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndPoint!);
        using var peer = await listener.AcceptAsync();
        await using var tls = new OpenSslClientStream(socket, Context);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tls.HandshakeAsync("daemon.test", null, cts.Token));
    }

    [Fact]
    public async Task Context_RemembersOneSessionPerPeer_AndForgets()
    {
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.Tls12, TlsTestServer.EchoLinesAsync);
        var context = Context;
        var peer = $"test-{Guid.NewGuid()}";
        for (var i = 0; i < 3; i++)
        {
            var (socket, tls) = await ConnectAsync(server.EndPoint, context.SessionFor(peer), context);
            using (socket)
            await using (tls)
            {
                Assert.Equal(i > 0, tls.Resumed);
                if (tls.TakeSession() is { } session) context.Remember(peer, session);
            }
        }
        Assert.NotNull(context.SessionFor(peer));
        context.Forget(peer);
        Assert.Null(context.SessionFor(peer));
    }
}
