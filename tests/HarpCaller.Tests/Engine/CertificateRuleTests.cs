using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HarpCaller.Configuration;
using HarpCaller.TestHarpd;

namespace HarpCaller.Tests.Engine;

/// <summary>Spec 2.1: ca_file / known_certs_file, through real TLS handshakes with the test harpd.</summary>
public sealed class CertificateRuleTests
{
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("Test Root CA");
    private static readonly X509Certificate2 OtherCa = TestCertificates.CreateCa("Other CA");
    private static readonly X509Certificate2 Leaf = TestCertificates.CreateLeaf("harpd.example", Ca);
    private static readonly X509Certificate2 Stranger = TestCertificates.CreateSelfSigned("stranger");

    private static async Task<string> CallAsync(
        X509Certificate2 serverCert, Func<TempDirectory, HarpCallerOptions, HarpCallerOptions> configure,
        X509Certificate2Collection? chain = null, SslProtocols protocols = SslProtocols.None)
    {
        TempDirectory? pemDir = new();
        try
        {
            await using var h = await EngineHarness.StartAsync(
                o => configure(pemDir, o),
                new TestHarpdOptions { Certificate = serverCert, IntermediateCertificates = chain, Protocols = protocols });
            var id = await h.SubmitAsync("h1", "return", "[\"ok\"]");
            return await h.ResultAsync(id);
        }
        finally
        {
            pemDir.Dispose();
        }
    }

    private static string Reason(string result) =>
        JsonDocument.Parse(result).RootElement.GetProperty("error").GetProperty("data").GetProperty("reason").GetString()!;

    private static string Pem(TempDirectory dir, string name, params X509Certificate2[] certs)
    {
        var path = dir.File(name);
        TestCertificates.WriteCertificatePem(path, certs);
        return path;
    }

    [Fact]
    public async Task NoRule_AcceptsAnyCertificate()
    {
        Assert.Equal("{\"result\":\"ok\"}", await CallAsync(Stranger, (_, o) => o));
    }

    [Fact]
    public async Task KnownCerts_AcceptsWhitelistedLeaf()
    {
        Assert.Equal("{\"result\":\"ok\"}", await CallAsync(Stranger, (d, o) => o with { KnownCertsFile = Pem(d, "known.pem", Leaf, Stranger) }));
    }

    [Fact]
    public async Task KnownCerts_RejectsOtherCertificate()
    {
        var result = await CallAsync(Stranger, (d, o) => o with { KnownCertsFile = Pem(d, "known.pem", Leaf) });
        Assert.Equal("tls_certificate_rejected", Reason(result));
        Assert.Contains("\"type\":\"network_error\"", result);
    }

    [Fact]
    public async Task KnownCerts_WhitelistedCaDoesNotWhitelistItsLeaves()
    {
        var result = await CallAsync(Leaf, (d, o) => o with { KnownCertsFile = Pem(d, "known.pem", Ca) });
        Assert.Equal("tls_certificate_rejected", Reason(result));
    }

    [Fact]
    public async Task KnownCerts_FileAbsentAtStart_IsReadOnceItAppears()
    {
        using var dir = new TempDirectory();
        var known = dir.File("known.pem");
        await using var h = await EngineHarness.StartAsync(o => o with { KnownCertsFile = known }, new TestHarpdOptions { Certificate = Stranger });
        var first = await h.ResultAsync(await h.SubmitAsync("h1", "return", "[1]"));
        Assert.Equal("tls_certificate_rejected", Reason(first));
        TestCertificates.WriteCertificatePem(known, Stranger);
        Assert.Equal("{\"result\":1}", await h.ResultAsync(await h.SubmitAsync("h1", "return", "[1]")));
    }

    [Fact]
    public async Task CaFile_AcceptsLeafSignedByCa()
    {
        Assert.Equal("{\"result\":\"ok\"}", await CallAsync(Leaf, (d, o) => o with { CaFile = Pem(d, "ca.pem", Ca) }));
    }

    [Fact]
    public async Task CaFile_UsesIntermediatesSentByTheDaemon()
    {
        var intermediate = TestCertificates.CreateIntermediateCa("Intermediate", Ca);
        var leaf = TestCertificates.CreateLeaf("harpd2.example", intermediate);
        var chain = new X509Certificate2Collection { intermediate };
        Assert.Equal("{\"result\":\"ok\"}", await CallAsync(leaf, (d, o) => o with { CaFile = Pem(d, "ca.pem", Ca) }, chain));
    }

    [Fact]
    public async Task CaFile_RejectsLeafOfAnotherCa()
    {
        var result = await CallAsync(Leaf, (d, o) => o with { CaFile = Pem(d, "ca.pem", OtherCa) });
        Assert.Equal("tls_certificate_rejected", Reason(result));
    }

    [Fact]
    public async Task BothRules_EitherSuffices()
    {
        Assert.Equal("{\"result\":\"ok\"}", await CallAsync(Stranger, (d, o) => o with
        {
            CaFile = Pem(d, "ca.pem", Ca),
            KnownCertsFile = Pem(d, "known.pem", Stranger),
        }));
        Assert.Equal("{\"result\":\"ok\"}", await CallAsync(Leaf, (d, o) => o with
        {
            CaFile = Pem(d, "ca.pem", Ca),
            KnownCertsFile = Pem(d, "known.pem", Stranger),
        }));
    }

    [Fact]
    public async Task TlsVersionBelowMinimum_FailsTheHandshake()
    {
        var result = await CallAsync(Stranger, (_, o) => o with { HarpdTlsMinVersion = HarpdTlsVersion.Tls13 }, protocols: SslProtocols.Tls12);
        Assert.Equal("tls_handshake_failed", Reason(result));
    }
}
