using System.Security.Cryptography.X509Certificates;
using Erlang.Terms;

namespace CloudI.Http;

/// <summary>
/// The <c>ssl</c> argument: PEM certificate and key files (file names may use <c>$VAR</c> /
/// <c>${VAR}</c> environment variables, as CloudI substitutes them), an optional CA file and
/// <c>verify_peer</c> client certificate checks.
/// </summary>
internal sealed record SslArgs(
    string CertFile,
    string? KeyFile,
    string? CaCertFile,
    string? Password,
    bool VerifyPeer,
    bool CiphersGiven)
{
    private static readonly HashSet<string> s_known =
        new(["certfile", "keyfile", "cacertfile", "password", "ciphers", "verify"], StringComparer.Ordinal);

    /// <summary>Null for <c>false</c>; the settings for a proplist.</summary>
    /// <exception cref="ArgumentException">Not <c>false</c> or a valid proplist with <c>certfile</c>.</exception>
    public static SslArgs? Parse(ErlangTerm? value)
    {
        if (value is null || value is ErlangAtom { Name: "false" })
        {
            return null;
        }

        if (value is not ErlangList { IsProper: true } list)
        {
            throw ArgsReader.Invalid("ssl", value, "false or a proplist");
        }

        ArgsReader ssl = ArgsReader.Parse(list.Elements, s_known, "ssl");
        string certFile = File(ssl, "certfile") ?? throw new ArgumentException("ssl: certfile is required");
        string verify = ssl.Atom("verify", "verify_none", "verify_none", "verify_peer");
        string? password = ssl.Raw("password") is { } p
            ? ArgsReader.Text(p) ?? throw ArgsReader.Invalid("password", p, "a string")
            : null;
        return new SslArgs(certFile, File(ssl, "keyfile"), File(ssl, "cacertfile"), password,
            verify == "verify_peer", ssl.Raw("ciphers") is not null);
    }

    /// <summary>Loads the server certificate with its private key (the key file defaults to the cert file).</summary>
    public X509Certificate2 LoadCertificate()
    {
        string keyFile = KeyFile ?? CertFile;
        using X509Certificate2 pem = Password is null
            ? X509Certificate2.CreateFromPemFile(CertFile, keyFile)
            : X509Certificate2.CreateFromEncryptedPemFile(CertFile, Password, keyFile);

        // A PEM-loaded key is ephemeral; SslStream on some platforms needs an exportable copy.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The CA certificates client certificates are checked against (verify_peer).</summary>
    public X509Certificate2Collection LoadCaCertificates()
    {
        var collection = new X509Certificate2Collection();
        if (CaCertFile is not null)
        {
            collection.ImportFromPemFile(CaCertFile);
        }

        return collection;
    }

    private static string? File(ArgsReader ssl, string key)
    {
        if (ssl.Raw(key) is not { } value)
        {
            return null;
        }

        string text = ArgsReader.Text(value) is { Length: > 0 } t ? t : throw ArgsReader.Invalid(key, value, "a file name");
        return EnvironmentText.Substitute(text);
    }
}
