using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HarpCaller.TestHarpd;

/// <summary>
/// Certificates for tests, generated in memory. Keys are RSA 2048 with SHA-256 signatures: RSA
/// works with every TLS version including 1.0, which the original harpd speaks. Returned
/// certificates carry their private key and work directly as <c>SslStream</c> server (or client)
/// certificates.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_sharedSelfSigned = new(() => CreateSelfSigned("harpd.test"));

    /// <summary>
    /// One self-signed certificate (CN and SAN <c>harpd.test</c>, plus <c>localhost</c> and
    /// 127.0.0.1) shared by the whole process, created on first use; the default of
    /// <see cref="TestHarpdOptions.Certificate"/>. Do not dispose it.
    /// </summary>
    public static X509Certificate2 SharedSelfSigned => s_sharedSelfSigned.Value;

    /// <summary>Creates a self-signed root CA that can sign leaves and intermediates.</summary>
    /// <param name="name">Common name of the CA.</param>
    public static X509Certificate2 CreateCa(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using RSA key = RSA.Create(2048);
        CertificateRequest request = NewRequest(name, key);
        AddCaExtensions(request);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return Portable(request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10)));
    }

    /// <summary>Creates an intermediate CA signed by <paramref name="issuerCa"/>.</summary>
    /// <param name="name">Common name of the intermediate.</param>
    /// <param name="issuerCa">A CA certificate with its private key.</param>
    public static X509Certificate2 CreateIntermediateCa(string name, X509Certificate2 issuerCa)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using RSA key = RSA.Create(2048);
        CertificateRequest request = NewRequest(name, key);
        AddCaExtensions(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuerCa, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return SignWith(request, issuerCa, key, TimeSpan.FromDays(5 * 365));
    }

    /// <summary>
    /// Creates a TLS server (and client) certificate for <paramref name="cn"/> signed by
    /// <paramref name="issuerCa"/>, with subject alternative names 127.0.0.1, ::1, localhost and
    /// <paramref name="cn"/> (when it is a host name).
    /// </summary>
    /// <param name="cn">Common name, normally the daemon's host name.</param>
    /// <param name="issuerCa">A CA certificate with its private key.</param>
    public static X509Certificate2 CreateLeaf(string cn, X509Certificate2 issuerCa)
    {
        ArgumentException.ThrowIfNullOrEmpty(cn);
        using RSA key = RSA.Create(2048);
        CertificateRequest request = NewRequest(cn, key);
        AddLeafExtensions(request, cn);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuerCa, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return SignWith(request, issuerCa, key, TimeSpan.FromDays(2 * 365));
    }

    /// <summary>
    /// Creates a self-signed TLS server certificate for <paramref name="cn"/> (not a CA), with the
    /// same subject alternative names as <see cref="CreateLeaf"/>.
    /// </summary>
    /// <param name="cn">Common name, normally the daemon's host name.</param>
    public static X509Certificate2 CreateSelfSigned(string cn)
    {
        ArgumentException.ThrowIfNullOrEmpty(cn);
        using RSA key = RSA.Create(2048);
        CertificateRequest request = NewRequest(cn, key);
        AddLeafExtensions(request, cn);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return Portable(request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2)));
    }

    /// <summary>Writes certificates (no keys) to a PEM file, in the order given (leaf first for a chain).</summary>
    /// <param name="path">File to create or replace.</param>
    /// <param name="certificates">Certificates to write.</param>
    public static void WriteCertificatePem(string path, params X509Certificate2[] certificates)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(certificates);
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
    }

    /// <summary>
    /// Writes the private key of <paramref name="certificate"/> as unencrypted PKCS#8 PEM, readable
    /// by the owner only (mode 0600 on Unix).
    /// </summary>
    /// <param name="path">File to create or replace.</param>
    /// <param name="certificate">A certificate with its (RSA or ECDSA) private key.</param>
    public static void WritePrivateKeyPem(string path, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(certificate);
        string pem;
        using (RSA? rsa = certificate.GetRSAPrivateKey())
        using (ECDsa? ecdsa = rsa is null ? certificate.GetECDsaPrivateKey() : null)
        {
            pem = rsa?.ExportPkcs8PrivateKeyPem()
                ?? ecdsa?.ExportPkcs8PrivateKeyPem()
                ?? throw new ArgumentException("the certificate has no RSA or ECDSA private key", nameof(certificate));
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to new files; an existing one keeps its mode otherwise.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>
    /// Loads a certificate and its private key from PEM files (the first certificate of
    /// <paramref name="certificatePath"/>; the key file may be PKCS#8, PKCS#1 or SEC1).
    /// </summary>
    /// <param name="certificatePath">PEM file with the certificate first (further ones are ignored here; see <see cref="LoadCertificatesPem"/>).</param>
    /// <param name="keyPath">PEM file with the private key.</param>
    public static X509Certificate2 LoadFromPemFiles(string certificatePath, string keyPath)
    {
        return Portable(X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
    }

    /// <summary>Loads every certificate in a PEM file (e.g. a chain, or a CA or known-certificates file).</summary>
    /// <param name="path">PEM file.</param>
    public static X509Certificate2Collection LoadCertificatesPem(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    private static CertificateRequest NewRequest(string cn, RSA key)
    {
        var subject = new X500DistinguishedName("CN=" + cn.Replace(",", "\\,", StringComparison.Ordinal));
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
    }

    private static void AddLeafExtensions(CertificateRequest request, string cn)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));

        // KeyEncipherment as well: TLS 1.0 peers may pick RSA key exchange.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], // serverAuth, clientAuth
            critical: false));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        if (IPAddress.TryParse(cn, out IPAddress? address))
        {
            names.AddIpAddress(address);
        }
        else if (!string.Equals(cn, "localhost", StringComparison.OrdinalIgnoreCase) && Uri.CheckHostName(cn) == UriHostNameType.Dns)
        {
            names.AddDnsName(cn);
        }

        request.CertificateExtensions.Add(names.Build());
    }

    private static X509Certificate2 SignWith(CertificateRequest request, X509Certificate2 issuerCa, RSA key, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(issuerCa);
        if (!issuerCa.HasPrivateKey)
        {
            throw new ArgumentException("the issuer needs its private key", nameof(issuerCa));
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset notAfter = now + lifetime;
        if (notAfter > issuerCa.NotAfter)
        {
            notAfter = issuerCa.NotAfter; // a child must not outlive its issuer
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40); // positive and minimally encoded, as DER requires
        using X509Certificate2 unkeyed = request.Create(issuerCa, now.AddDays(-1), notAfter, serial);
        return Portable(unkeyed.CopyWithPrivateKey(key));
    }

    /// <summary>
    /// Takes ownership of <paramref name="certificate"/>. On Linux and macOS a certificate whose key
    /// was attached in memory works as an SslStream server certificate as is (checked on Linux);
    /// Windows (SChannel) needs the key in a key store, which a PKCS#12 round trip provides.
    /// </summary>
    private static X509Certificate2 Portable(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null, X509KeyStorageFlags.Exportable);
        }
    }
}
