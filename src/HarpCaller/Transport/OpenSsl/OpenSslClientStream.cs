using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using static HarpCaller.Transport.OpenSsl.OpenSslInterop;

namespace HarpCaller.Transport.OpenSsl;

/// <summary>
/// The client side of one TLS connection over a connected socket, driven directly through
/// OpenSSL with two memory BIOs (the socket I/O stays asynchronous .NET). Compared with
/// <see cref="System.Net.Security.SslStream"/> it does no certificate validation of its own —
/// the caller applies its rule to <see cref="GetPeerCertificate"/>, or none — and it resumes the
/// session it is given, offering no newer protocol than that session's (a TLS 1.2 resumption
/// then carries no TLS 1.3 key share to compute). The client's last handshake flight is sent
/// together with the first application data. Reads and writes must not overlap; waits resume on
/// the thread pool. Handshake failures are <see cref="AuthenticationException"/>, later ones
/// <see cref="IOException"/>; the socket is not closed on disposal.
/// </summary>
internal sealed class OpenSslClientStream : AsyncDuplexStream
{
    private const int NetworkBuffer = 17 * 1024; // one full TLS record and its overhead

    private readonly Socket _socket;
    private readonly SslHandle _ssl;
    private readonly IntPtr _input;
    private readonly IntPtr _output;
    private byte[] _received = ArrayPool<byte>.Shared.Rent(NetworkBuffer);
    private byte[] _toSend = ArrayPool<byte>.Shared.Rent(NetworkBuffer);
    private bool _handshakeDone;
    private int _disposed;

    /// <summary>A connection of <paramref name="context"/> over <paramref name="socket"/> (already connected).</summary>
    public OpenSslClientStream(Socket socket, OpenSslClientContext context)
    {
        _socket = socket;
        _ssl = context.NewConnection();
        _input = BIO_new(BIO_s_mem());
        _output = BIO_new(BIO_s_mem());
        if (_input == IntPtr.Zero || _output == IntPtr.Zero)
        {
            if (_input != IntPtr.Zero) BIO_free(_input);
            if (_output != IntPtr.Zero) BIO_free(_output);
            _ssl.Dispose();
            throw new InvalidOperationException("OpenSSL could not allocate buffers: " + TakeErrors());
        }
        SetRetryWhenEmpty(_input);
        SetRetryWhenEmpty(_output);
        // From here the connection owns (and frees) both BIOs.
        SSL_set_bio(_ssl, _input, _output);
        SSL_set_connect_state(_ssl);
    }

    /// <summary>True when the handshake resumed a session (no certificate was sent by the peer).</summary>
    public bool Resumed { get; private set; }

    /// <summary>Negotiated protocol version (OpenSSL's value), once the handshake is done.</summary>
    public int Protocol { get; private set; }

    /// <summary>
    /// Performs the handshake. <paramref name="serverName"/> goes into SNI (unless it is an IP
    /// address or not a DNS name); <paramref name="session"/>, when given, is offered for
    /// resumption and caps the versions offered at its own.
    /// </summary>
    public async Task HandshakeAsync(string serverName, SslSessionHandle? session, CancellationToken cancellationToken)
    {
        Prepare(serverName, session);
        while (true)
        {
            var (result, error) = Handshake();
            if (result == 1)
            {
                // The client's last flight (Finished) stays in the output buffer: it goes out
                // with the first write, one segment instead of two.
                _handshakeDone = true;
                Resumed = SSL_session_reused(_ssl) == 1;
                Protocol = SSL_version(_ssl);
                return;
            }
            if (error != SslErrorWantRead) throw HandshakeFailure(error);
            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
            if (await ReceiveAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new AuthenticationException("TLS handshake failed: the daemon closed the connection");
            }
        }
    }

    private void Prepare(string serverName, SslSessionHandle? session)
    {
        if (IsDnsName(serverName)) SetServerName(_ssl, serverName);
        if (session is null) return;
        try
        {
            if (SSL_set_session(_ssl, session) == 1)
            {
                var version = SSL_SESSION_get_protocol_version(session);
                if (version is >= Tls12Version and < Tls13Version) SetMaxProtocol(_ssl, version);
            }
        }
        catch (ObjectDisposedException)
        {
            // Replaced by a newer session meanwhile: a full handshake it is.
        }
        ERR_clear_error();
    }

    /// <summary>The peer's certificate (DER), also for a resumed session; null when there is none.</summary>
    public unsafe byte[]? GetPeerCertificate()
    {
        var x509 = SSL_get1_peer_certificate(_ssl);
        if (x509 == IntPtr.Zero) return null;
        try
        {
            var length = i2d_X509(x509, null);
            if (length <= 0) return null;
            var der = new byte[length];
            fixed (byte* p = der)
            {
                var cursor = p;
                i2d_X509(x509, &cursor);
            }
            return der;
        }
        finally
        {
            X509_free(x509);
        }
    }

    /// <summary>The session to resume next time, when the peer granted a resumable one (ownership passes to the caller).</summary>
    public SslSessionHandle? TakeSession()
    {
        var session = SSL_get1_session(_ssl);
        if (session.IsInvalid || SSL_SESSION_is_resumable(session) != 1)
        {
            session.Dispose();
            return null;
        }
        return session;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            var (result, error) = Read(buffer);
            if (result > 0) return result;
            switch (error)
            {
                case SslErrorZeroReturn:
                    return 0; // close_notify
                case SslErrorWantRead:
                    // Anything OpenSSL has to answer (a key update, say) goes first.
                    await SendPendingAsync(cancellationToken).ConfigureAwait(false);
                    if (await ReceiveAsync(cancellationToken).ConfigureAwait(false) == 0) return 0;
                    break;
                default:
                    throw new IOException("TLS connection failed: " + (TakeErrors() ?? $"error {error}"));
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureReady();
        while (!buffer.IsEmpty)
        {
            var (result, error) = Write(buffer);
            if (result <= 0) throw new IOException("TLS connection failed: " + (TakeErrors() ?? $"error {error}"));
            buffer = buffer[result..];
        }
        await SendPendingAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => SendPendingAsync(cancellationToken).AsTask();


    private unsafe (int Result, int Error) Read(Memory<byte> buffer)
    {
        ERR_clear_error();
        fixed (byte* p = buffer.Span)
        {
            var result = SSL_read(_ssl, p, buffer.Length);
            return (result, result > 0 ? SslErrorNone : SSL_get_error(_ssl, result));
        }
    }

    private unsafe (int Result, int Error) Write(ReadOnlyMemory<byte> buffer)
    {
        ERR_clear_error();
        fixed (byte* p = buffer.Span)
        {
            var result = SSL_write(_ssl, p, buffer.Length);
            return (result, result > 0 ? SslErrorNone : SSL_get_error(_ssl, result));
        }
    }

    private (int Result, int Error) Handshake()
    {
        ERR_clear_error();
        var result = SSL_do_handshake(_ssl);
        return (result, result == 1 ? SslErrorNone : SSL_get_error(_ssl, result));
    }

    /// <summary>Sends whatever OpenSSL has written to the output buffer.</summary>
    private async ValueTask SendPendingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = TakeOutput();
            if (length == 0) return;
            var send = _socket.SendAsync(_toSend.AsMemory(0, length), SocketFlags.None, cancellationToken);
            if (send.IsCompleted)
            {
                await send.ConfigureAwait(false);
                continue;
            }
            await send.ConfigureAwait(false);
            await ThreadPoolHop.Instance; // TLS work never runs on a socket event thread
        }
    }

    private unsafe int TakeOutput()
    {
        var pending = Pending(_output);
        if (pending <= 0) return 0;
        if (pending > _toSend.Length)
        {
            // The whole flight in one send where possible.
            ArrayPool<byte>.Shared.Return(_toSend);
            _toSend = ArrayPool<byte>.Shared.Rent(pending);
        }
        fixed (byte* p = _toSend) return Math.Max(0, BIO_read(_output, p, _toSend.Length));
    }

    /// <summary>Receives the next bytes from the daemon into OpenSSL's input buffer; 0 at end of stream.</summary>
    private async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        var receive = _socket.ReceiveAsync(_received, SocketFlags.None, cancellationToken);
        int count;
        if (receive.IsCompleted)
        {
            count = await receive.ConfigureAwait(false);
        }
        else
        {
            count = await receive.ConfigureAwait(false);
            await ThreadPoolHop.Instance; // TLS work never runs on a socket event thread
        }
        if (count > 0) Feed(count);
        return count;
    }

    private unsafe void Feed(int count)
    {
        fixed (byte* p = _received)
        {
            if (BIO_write(_input, p, count) != count) throw new IOException("TLS connection failed: OpenSSL did not take the received bytes");
        }
    }

    private void EnsureReady()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_handshakeDone) throw new InvalidOperationException("the TLS handshake has not completed");
    }

    private static AuthenticationException HandshakeFailure(int error) =>
        new("TLS handshake failed: " + (TakeErrors() ?? (error == SslErrorSyscall ? "the connection broke" : $"error {error}")));

    private static bool IsDnsName(string name)
    {
        if (name.Length is 0 or > 253 || IPAddress.TryParse(name, out _)) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')) return false;
        }
        return true;
    }

    public override void Flush() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Freed without a shutdown, OpenSSL would mark the session unresumable (it may be
            // shared with other connections through the context's cache). The socket is simply
            // closed after this, as before: a broken connection is no reason to distrust the session.
            if (_handshakeDone) SSL_set_shutdown(_ssl, SslShutdownBoth);
            _ssl.Dispose();
            ArrayPool<byte>.Shared.Return(_received);
            ArrayPool<byte>.Shared.Return(_toSend);
            _received = [];
            _toSend = [];
        }
        base.Dispose(disposing);
    }
}
