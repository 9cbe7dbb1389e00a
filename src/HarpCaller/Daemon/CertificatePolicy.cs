using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Daemon;

/// <summary>
/// The <c>ca_file</c> / <c>known_certs_file</c> rules of spec 2.1: no rule = any certificate;
/// CA rule = chains to a CA of the file (host names not checked); known rule = the leaf is
/// byte-identical to a whitelisted certificate; both = either suffices.
/// </summary>
internal sealed partial class CertificatePolicy
{
    private readonly string? _caFile;
    private readonly string? _knownCertsFile;
    private readonly ILogger _logger;
    private readonly X509Certificate2Collection? _cas;
    private KnownCerts _known = KnownCerts.Empty;

    public CertificatePolicy(string? caFile, string? knownCertsFile, ILogger logger)
    {
        _caFile = caFile;
        _knownCertsFile = knownCertsFile;
        _logger = logger;
        if (caFile is not null) _cas = LoadCas(caFile);
    }

    /// <summary>True when no rule is configured.</summary>
    public bool AcceptsAny => _caFile is null && _knownCertsFile is null;

    /// <summary>True when a <c>ca_file</c> rule needs certificate chains built.</summary>
    public bool HasCaRule => _caFile is not null;

    /// <summary>
    /// The chain policy handed to the TLS stack: only the configured CAs are trusted, no downloads,
    /// no revocation checks. Building against a small custom store (instead of the system's roots)
    /// is also what keeps a handshake cheap.
    /// </summary>
    public X509ChainPolicy ChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        if (_cas is not null) policy.CustomTrustStore.AddRange(_cas);
        return policy;
    }

    /// <summary>
    /// Applies the rules to the daemon's certificate. <paramref name="chainErrors"/> says whether the
    /// TLS stack could chain it to a configured CA (with intermediates the daemon sent); host
    /// names are deliberately not checked (spec 2.1).
    /// </summary>
    public bool Validate(X509Certificate? certificate, bool chainErrors)
    {
        if (AcceptsAny) return true;
        if (certificate is null) return false;
        if (_knownCertsFile is not null && IsKnown(certificate)) return true;
        return _cas is { Count: > 0 } && !chainErrors;
    }

    /// <summary>
    /// The rules for a TLS client that builds no chains (<see cref="HasCaRule"/> false): no rule
    /// accepts anything, the known-certificates rule compares the daemon's leaf
    /// (<paramref name="der"/>, DER) byte for byte. A CA rule cannot be met here: rejected.
    /// </summary>
    public bool ValidateLeaf(byte[]? der)
    {
        if (AcceptsAny) return true;
        if (der is null) return false;
        return _knownCertsFile is not null && IsKnown(der);
    }

    private bool IsKnown(X509Certificate leaf) => IsKnown(leaf.GetRawCertData());

    private bool IsKnown(ReadOnlySpan<byte> raw)
    {
        var known = CurrentKnown();
        foreach (var cert in known.Certificates)
        {
            if (raw.SequenceEqual(cert)) return true;
        }
        return false;
    }

    private KnownCerts CurrentKnown()
    {
        // The file may be absent at start and is re-read when it changes: one stat per connection.
        var path = _knownCertsFile!;
        var info = new FileInfo(path);
        var stamp = info.Exists ? (info.LastWriteTimeUtc.Ticks, info.Length) : (0L, -1L);
        var current = Volatile.Read(ref _known);
        if (current.Stamp == stamp) return current;
        var fresh = new KnownCerts(stamp, info.Exists ? LoadRaw(path) : []);
        Volatile.Write(ref _known, fresh);
        return fresh;
    }

    private List<byte[]> LoadRaw(string path)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(path);
            var list = collection.Select(c => c.RawData).ToList();
            foreach (var c in collection) c.Dispose();
            return list;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            LogCertFileUnreadable(_logger, path, e.Message);
            return [];
        }
    }

    private X509Certificate2Collection LoadCas(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            // No CA loaded means the CA rule accepts nothing: fail closed.
            LogCertFileUnreadable(_logger, path, e.Message);
        }
        return collection;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "cannot read certificate file {Path}: {Reason}")]
    private static partial void LogCertFileUnreadable(ILogger logger, string path, string reason);

    private sealed record KnownCerts((long Ticks, long Length) Stamp, List<byte[]> Certificates)
    {
        public static readonly KnownCerts Empty = new((-1L, -2L), []);
    }
}
