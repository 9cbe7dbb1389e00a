using System.Collections.Concurrent;

namespace HarpCaller.Transport.OpenSsl;

/// <summary>
/// A TLS client context (<c>SSL_CTX</c>) for one range of protocol versions, and the last session
/// of every peer, for resumption. Certificates are not verified by OpenSSL here: the caller
/// applies its own rule to the peer's certificate after each handshake (or none at all), which is
/// what makes a resumed handshake cheap — no chain to build, no signature to check.
/// One context per version range lives as long as the process.
/// </summary>
internal sealed class OpenSslClientContext
{
    // Sessions kept at most: one per daemon, a few KiB each (with the peer's certificate).
    private const int MaxSessions = 4_096;

    private static readonly Lazy<bool> s_available = new(Probe);
    private static readonly ConcurrentDictionary<(int Min, int Max), OpenSslClientContext> s_contexts = new();

    private readonly IntPtr _ctx;
    private readonly ConcurrentDictionary<string, SslSessionHandle> _sessions = new(StringComparer.Ordinal);

    private OpenSslClientContext(int minVersion, int maxVersion)
    {
        MinVersion = minVersion;
        MaxVersion = maxVersion;
        _ctx = OpenSslInterop.SSL_CTX_new(OpenSslInterop.TLS_client_method());
        if (_ctx == IntPtr.Zero) throw new InvalidOperationException("OpenSSL could not create a TLS client context: " + OpenSslInterop.TakeErrors());
        if (!OpenSslInterop.SetProtocolRange(_ctx, minVersion, maxVersion))
        {
            OpenSslInterop.SSL_CTX_free(_ctx);
            throw new InvalidOperationException("OpenSSL refused the TLS version range: " + OpenSslInterop.TakeErrors());
        }
        OpenSslInterop.SetContextDefaults(_ctx);
        OpenSslInterop.SSL_CTX_set_verify(_ctx, OpenSslInterop.SslVerifyNone, IntPtr.Zero);
    }

    /// <summary>True when OpenSSL 3 can be loaded (libssl.so.3 and libcrypto.so.3).</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>Lowest protocol version offered (OpenSSL's value, e.g. 0x0303 for TLS 1.2).</summary>
    public int MinVersion { get; }

    /// <summary>Highest protocol version offered.</summary>
    public int MaxVersion { get; }

    /// <summary>Number of peers with a remembered session.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The shared context for a version range (created on first use).</summary>
    public static OpenSslClientContext For(int minVersion, int maxVersion) =>
        s_contexts.GetOrAdd((minVersion, maxVersion), static range => new OpenSslClientContext(range.Min, range.Max));

    /// <summary>A new connection (<c>SSL*</c>) of this context.</summary>
    public SslHandle NewConnection()
    {
        var ssl = SslHandle.Create(_ctx);
        if (ssl.IsInvalid) throw new InvalidOperationException("OpenSSL could not create a TLS connection: " + OpenSslInterop.TakeErrors());
        return ssl;
    }

    /// <summary>The last session remembered for <paramref name="peer"/>, or null (the handle stays owned by the cache).</summary>
    public SslSessionHandle? SessionFor(string peer) => _sessions.TryGetValue(peer, out var session) ? session : null;

    /// <summary>Remembers <paramref name="session"/> (taking ownership) as the one to resume with <paramref name="peer"/>.</summary>
    public void Remember(string peer, SslSessionHandle session)
    {
        if (_sessions.Count >= MaxSessions && !_sessions.ContainsKey(peer))
        {
            // Bounded memory with many daemons: drop one arbitrary session; it costs that daemon
            // one full handshake.
            foreach (var key in _sessions.Keys)
            {
                Forget(key);
                break;
            }
        }
        while (true)
        {
            if (_sessions.TryGetValue(peer, out var old))
            {
                if (!_sessions.TryUpdate(peer, session, old)) continue;
                // A connection resuming with the old session holds its own reference meanwhile.
                old.Dispose();
                return;
            }
            if (_sessions.TryAdd(peer, session)) return;
        }
    }

    /// <summary>Drops the session of <paramref name="peer"/> (the next handshake is a full one).</summary>
    public void Forget(string peer)
    {
        if (_sessions.TryRemove(peer, out var session)) session.Dispose();
    }

    private static bool Probe()
    {
        try
        {
            // OpenSSL 3.x: 0x3MNN00PS.
            return OpenSslInterop.OpenSSL_version_num() >> 28 == 3;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
