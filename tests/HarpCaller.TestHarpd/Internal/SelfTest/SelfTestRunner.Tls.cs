using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using static HarpCaller.TestHarpd.Internal.SelfTest.SelfTestClient;

namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>TLS versions and the certificate helpers, checked through real handshakes.</summary>
internal sealed partial class SelfTestRunner
{
    private async Task VersionChecksAsync(TestHarpd harpd, SelfTestClient client, SslProtocols[] versions)
    {
        foreach (SslProtocols version in versions)
        {
            SelfTestClient versioned = new() { EndPoint = client.EndPoint, Protocols = version, Validate = client.Validate };
            await CheckAsync($"TLS: client limited to {version} gets it", async () =>
            {
                Transcript t = await versioned.CallAsync(Request("return", "[1]")).ConfigureAwait(false);
                ExpectLines(t, PlainAck, """{"result": 1}""");
                Expect(version == SslProtocols.None || t.Protocol == version, "negotiated " + t.Protocol);
                Console.Out.WriteLine($"     negotiated {t.Protocol}");
            }).ConfigureAwait(false);
        }

#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are candidates like any other version here
        SslProtocols[] candidates = [SslProtocols.Tls13, SslProtocols.Tls12, SslProtocols.Tls11, SslProtocols.Tls];
#pragma warning restore SYSLIB0039
        SslProtocols other = candidates.FirstOrDefault(p => (harpd.Options.Protocols & p) == 0);
        if (harpd.Options.Protocols != SslProtocols.None && other != SslProtocols.None)
        {
            await CheckAsync($"TLS: a client limited to {other}, which the daemon does not enable, is refused", async () =>
            {
                SelfTestClient refused = new() { EndPoint = client.EndPoint, Protocols = other, Validate = client.Validate };
                try
                {
                    await refused.CallAsync(Request("return", "[1]"), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    return;
                }

                throw new SelfTestFailure($"{other} handshake succeeded against {harpd.Options.Protocols}");
            }).ConfigureAwait(false);
        }
    }

    private async Task CertificateChecksAsync(SslProtocols protocols)
    {
        await CheckAsync("certificates: CA -> intermediate -> leaf, daemon sends the intermediate", async () =>
        {
            using X509Certificate2 ca = TestCertificates.CreateCa("Self-test root");
            using X509Certificate2 intermediate = TestCertificates.CreateIntermediateCa("Self-test intermediate", ca);
            using X509Certificate2 leaf = TestCertificates.CreateLeaf("harpd.test", intermediate);
            var options = new TestHarpdOptions { Certificate = leaf, IntermediateCertificates = [X509CertificateLoader.LoadCertificate(intermediate.RawData)], Protocols = _options.Protocols };
            await using TestHarpd harpd = await TestHarpd.StartAsync(options).ConfigureAwait(false);
            bool verified = false;
            var client = new SelfTestClient
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port),
                Protocols = protocols,
                Validate = (_, certificate, chain, _) =>
                {
                    // Trust only the root; the intermediate must come from the daemon (the platform
                    // puts what the peer sent into the chain's extra store).
                    using var check = new X509Chain();
                    check.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    check.ChainPolicy.CustomTrustStore.Add(ca);
                    check.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    check.ChainPolicy.ExtraStore.AddRange(chain!.ChainPolicy.ExtraStore);
                    verified = check.Build(new X509Certificate2(certificate!)) && check.ChainElements.Count == 3;
                    return verified;
                },
            };
            Transcript t = await client.CallAsync(Request("return", "[1]")).ConfigureAwait(false);
            ExpectLines(t, PlainAck, """{"result": 1}""");
            Expect(verified, "chain not verified");
        }).ConfigureAwait(false);

        await CheckAsync("certificates: PEM files round trip (key file mode 0600)", async () =>
        {
            string directory = Directory.CreateTempSubdirectory("harpd-selftest-").FullName;
            try
            {
                using X509Certificate2 original = TestCertificates.CreateSelfSigned("127.0.0.1");
                string certPath = Path.Combine(directory, "cert.pem");
                string keyPath = Path.Combine(directory, "key.pem");
                TestCertificates.WriteCertificatePem(certPath, original);
                TestCertificates.WritePrivateKeyPem(keyPath, original);
                if (!OperatingSystem.IsWindows())
                {
                    Expect(File.GetUnixFileMode(keyPath) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), "key mode " + File.GetUnixFileMode(keyPath));
                }

                using X509Certificate2 loaded = TestCertificates.LoadFromPemFiles(certPath, keyPath);
                Expect(loaded.HasPrivateKey && loaded.RawData.AsSpan().SequenceEqual(original.RawData), "loaded certificate differs");
                Expect(TestCertificates.LoadCertificatesPem(certPath).Count == 1, "certificate file");
                await using TestHarpd harpd = await TestHarpd.StartAsync(new TestHarpdOptions { Certificate = loaded, Protocols = _options.Protocols }).ConfigureAwait(false);
                var client = new SelfTestClient { EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port), Protocols = protocols, Validate = Pinned(original) };
                ExpectLines(await client.CallAsync(Request("return", "[2]")).ConfigureAwait(false), PlainAck, """{"result": 2}""");
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }).ConfigureAwait(false);

        await CheckAsync("certificates: self-signed passes standard validation with SAN 127.0.0.1 when trusted", async () =>
        {
            using X509Certificate2 certificate = TestCertificates.CreateSelfSigned("harpd.test");
            await using TestHarpd harpd = await TestHarpd.StartAsync(new TestHarpdOptions { Certificate = certificate, Protocols = _options.Protocols }).ConfigureAwait(false);
            SslPolicyErrors errors = SslPolicyErrors.None;
            var client = new SelfTestClient
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port),
                Protocols = protocols,
                Validate = (_, cert, _, policyErrors) =>
                {
                    errors = policyErrors;
                    return cert is not null && cert.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData);
                },
            };
            ExpectLines(await client.CallAsync(Request("return", "[3]")).ConfigureAwait(false), PlainAck, """{"result": 3}""");

            // The host name "localhost" matches the SAN; the only complaint is the untrusted root.
            Expect(errors == SslPolicyErrors.RemoteCertificateChainErrors, "policy errors " + errors);
        }).ConfigureAwait(false);
    }
}
