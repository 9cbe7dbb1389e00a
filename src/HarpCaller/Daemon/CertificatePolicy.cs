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

    public bool Validate(X509Certificate? certificate, X509Chain? presentedChain)
    {
        if (AcceptsAny) return true;
        if (certificate is null) return false;
        using var leaf = certificate as X509Certificate2 is { } c2 ? new X509Certificate2(c2) : new X509Certificate2(certificate);
        if (_knownCertsFile is not null && IsKnown(leaf)) return true;
        if (_cas is { Count: > 0 } && ChainsToCa(leaf, presentedChain)) return true;
        return false;
    }

    private bool IsKnown(X509Certificate2 leaf)
    {
        var known = CurrentKnown();
        var raw = leaf.RawDataMemory.Span;
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

    private bool ChainsToCa(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_cas!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
        {
            // Intermediate CAs sent by the daemon help build the path; they are not trusted by themselves.
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(leaf);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "cannot read certificate file {Path}: {Reason}")]
    private static partial void LogCertFileUnreadable(ILogger logger, string path, string reason);

    private sealed record KnownCerts((long Ticks, long Length) Stamp, List<byte[]> Certificates)
    {
        public static readonly KnownCerts Empty = new((-1L, -2L), []);
    }
}
