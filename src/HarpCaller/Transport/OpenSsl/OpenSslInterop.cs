using System.Runtime.InteropServices;

namespace HarpCaller.Transport.OpenSsl;

/// <summary>
/// The few OpenSSL 3 functions the TLS client uses (libssl.so.3 / libcrypto.so.3, the same
/// libraries the runtime's own TLS loads). Constants are OpenSSL's ABI values.
/// </summary>
internal static partial class OpenSslInterop
{
    private const string Ssl = "libssl.so.3";
    private const string Crypto = "libcrypto.so.3";

    public const int SslErrorNone = 0;
    public const int SslErrorSsl = 1;
    public const int SslErrorWantRead = 2;
    public const int SslErrorWantWrite = 3;
    public const int SslErrorSyscall = 5;
    public const int SslErrorZeroReturn = 6;

    public const int SslVerifyNone = 0;

    // SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN: the connection counts as closed properly.
    public const int SslShutdownBoth = 1 | 2;

    public const int Tls12Version = 0x0303;
    public const int Tls13Version = 0x0304;

    private const int SslCtrlMode = 33;
    private const int SslCtrlSetSessionCacheMode = 44;
    private const int SslCtrlSetTlsExtHostname = 55;
    private const int SslCtrlSetMinProtoVersion = 123;
    private const int SslCtrlSetMaxProtoVersion = 124;
    private const int TlsExtNameTypeHostName = 0;
    private const int BioCtrlPending = 10;
    private const int BioCSetBufMemEofReturn = 130;

    // SSL_MODE_RELEASE_BUFFERS: an idle connection does not keep its record buffers.
    private const long SslModeReleaseBuffers = 0x10;

    // SSL_SESS_CACHE_OFF: sessions are kept by the caller (per daemon), not in the context.
    private const long SslSessCacheOff = 0;

    [LibraryImport(Crypto)]
    public static partial ulong OpenSSL_version_num();

    [LibraryImport(Ssl)]
    public static partial IntPtr TLS_client_method();

    [LibraryImport(Ssl)]
    public static partial IntPtr SSL_CTX_new(IntPtr method);

    [LibraryImport(Ssl)]
    public static partial void SSL_CTX_free(IntPtr ctx);

    [LibraryImport(Ssl)]
    private static partial long SSL_CTX_ctrl(IntPtr ctx, int cmd, long larg, IntPtr parg);

    [LibraryImport(Ssl)]
    public static partial void SSL_CTX_set_verify(IntPtr ctx, int mode, IntPtr callback);

    [LibraryImport(Ssl)]
    public static partial IntPtr SSL_new(IntPtr ctx);

    [LibraryImport(Ssl)]
    public static partial void SSL_free(IntPtr ssl);

    [LibraryImport(Ssl)]
    private static partial long SSL_ctrl(SslHandle ssl, int cmd, long larg, IntPtr parg);

    [LibraryImport(Ssl)]
    public static partial void SSL_set_bio(SslHandle ssl, IntPtr readBio, IntPtr writeBio);

    [LibraryImport(Ssl)]
    public static partial void SSL_set_connect_state(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial void SSL_set_shutdown(SslHandle ssl, int mode);

    [LibraryImport(Ssl)]
    public static partial int SSL_do_handshake(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static unsafe partial int SSL_read(SslHandle ssl, byte* buffer, int count);

    [LibraryImport(Ssl)]
    public static unsafe partial int SSL_write(SslHandle ssl, byte* buffer, int count);

    [LibraryImport(Ssl)]
    public static partial int SSL_get_error(SslHandle ssl, int result);

    [LibraryImport(Ssl)]
    public static partial int SSL_set_session(SslHandle ssl, SslSessionHandle session);

    [LibraryImport(Ssl)]
    public static partial SslSessionHandle SSL_get1_session(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial void SSL_SESSION_free(IntPtr session);

    [LibraryImport(Ssl)]
    public static partial int SSL_SESSION_is_resumable(SslSessionHandle session);

    [LibraryImport(Ssl)]
    public static partial int SSL_SESSION_get_protocol_version(SslSessionHandle session);

    [LibraryImport(Ssl)]
    public static partial int SSL_session_reused(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial int SSL_version(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial IntPtr SSL_get1_peer_certificate(SslHandle ssl);

    [LibraryImport(Crypto)]
    public static partial IntPtr BIO_s_mem();

    [LibraryImport(Crypto)]
    public static partial IntPtr BIO_new(IntPtr method);

    [LibraryImport(Crypto)]
    public static partial void BIO_free(IntPtr bio);

    [LibraryImport(Crypto)]
    public static unsafe partial int BIO_read(IntPtr bio, byte* buffer, int count);

    [LibraryImport(Crypto)]
    public static unsafe partial int BIO_write(IntPtr bio, byte* buffer, int count);

    [LibraryImport(Crypto)]
    private static partial long BIO_ctrl(IntPtr bio, int cmd, long larg, IntPtr parg);

    [LibraryImport(Crypto)]
    public static unsafe partial int i2d_X509(IntPtr x509, byte** output);

    [LibraryImport(Crypto)]
    public static partial void X509_free(IntPtr x509);

    [LibraryImport(Crypto)]
    public static partial ulong ERR_get_error();

    [LibraryImport(Crypto)]
    public static partial void ERR_clear_error();

    [LibraryImport(Crypto)]
    private static unsafe partial void ERR_error_string_n(ulong error, byte* buffer, nuint length);

    public static bool SetProtocolRange(IntPtr ctx, int min, int max) =>
        SSL_CTX_ctrl(ctx, SslCtrlSetMinProtoVersion, min, IntPtr.Zero) == 1 &&
        SSL_CTX_ctrl(ctx, SslCtrlSetMaxProtoVersion, max, IntPtr.Zero) == 1;

    public static void SetContextDefaults(IntPtr ctx)
    {
        SSL_CTX_ctrl(ctx, SslCtrlMode, SslModeReleaseBuffers, IntPtr.Zero);
        SSL_CTX_ctrl(ctx, SslCtrlSetSessionCacheMode, SslSessCacheOff, IntPtr.Zero);
    }

    public static bool SetMaxProtocol(SslHandle ssl, int max) => SSL_ctrl(ssl, SslCtrlSetMaxProtoVersion, max, IntPtr.Zero) == 1;

    public static bool SetServerName(SslHandle ssl, string name)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        unsafe
        {
            fixed (byte* p = bytes) return SSL_ctrl(ssl, SslCtrlSetTlsExtHostname, TlsExtNameTypeHostName, (IntPtr)p) == 1;
        }
    }

    /// <summary>An empty memory BIO reads as "retry later" rather than end of input.</summary>
    public static void SetRetryWhenEmpty(IntPtr bio) => BIO_ctrl(bio, BioCSetBufMemEofReturn, -1, IntPtr.Zero);

    public static int Pending(IntPtr bio) => (int)BIO_ctrl(bio, BioCtrlPending, 0, IntPtr.Zero);

    /// <summary>The oldest queued OpenSSL error as text (the queue is emptied), or null.</summary>
    public static string? TakeErrors()
    {
        var first = ERR_get_error();
        if (first == 0) return null;
        while (ERR_get_error() != 0)
        {
            // Later entries are consequences of the first: drop them.
        }
        Span<byte> text = stackalloc byte[256];
        unsafe
        {
            fixed (byte* p = text) ERR_error_string_n(first, p, (nuint)text.Length);
        }
        var end = text.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? text : text[..end]);
    }
}
