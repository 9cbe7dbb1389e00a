using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CloudI.Http.Tests;

/// <summary><c>ssl</c>: HTTPS with PEM files named through environment variables.</summary>
public sealed class SslTests : FrontTestBase
{
    [Fact]
    public async Task Https_with_pem_files_and_env_substitution()
    {
        string dir = Directory.CreateTempSubdirectory("cloudi-http-ssl").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(dir, "cert.pem"), cert.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            Environment.SetEnvironmentVariable("CLOUDI_HTTP_TEST_SSL_DIR", dir);

            await Recorder();
            int port = FreePort();
            await Runtime.AddServiceAsync(FrontConfig(
                $"{{port, {port}}}, {{ssl, [{{certfile, \"$CLOUDI_HTTP_TEST_SSL_DIR/cert.pem\"}}, " +
                "{keyfile, \"${CLOUDI_HTTP_TEST_SSL_DIR}/key.pem\"}]}"));
            using var client = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == cert.Thumbprint,
            });
            using HttpResponseMessage response = await client.GetAsync($"https://127.0.0.1:{port}/m/secure");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("/m/secure/get", Header(response, "x-name"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
