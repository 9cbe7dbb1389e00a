using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using HarpCaller.Configuration;
using HarpCaller.Daemon;
using HarpCaller.Hosts;
using HarpCaller.Jobs;
using HarpCaller.TestHarpd;
using HarpCaller.Tests.Transport;
using HarpCaller.Transport.OpenSsl;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Engine;

/// <summary>
/// The daemon side's two TLS clients: the direct OpenSSL one (no rule, known certificates) and
/// the runtime's (a CA rule), against a minimal harpd whose TLS versions can change between calls.
/// </summary>
public sealed class HarpdConnectorTlsTests
{
    /// <summary>Acknowledges any request and returns its arguments.</summary>
    private static async Task MiniHarpdAsync(SslStream tls, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(tls, leaveOpen: true);
        var line = await reader.ReadLineAsync(cancellationToken) ?? "";
        using var request = JsonDocument.Parse(line);
        var arguments = request.RootElement.GetProperty("arguments").GetRawText();
        await tls.WriteAsync(Encoding.UTF8.GetBytes($"{{\"harp\":1,\"stream_result\":false}}\n{{\"result\":{arguments}}}\n"), cancellationToken);
    }

    private static HostEntry Host(int port, string name = "mini")
    {
        using var doc = JsonDocument.Parse(port.ToString());
        return new HostEntry(name, "127.0.0.1", doc.RootElement.Clone(), new HostCredentials("rpc", "secret"));
    }

    private static JobRecord Job(string arguments) => new()
    {
        Seq = 1,
        Id = JobIds.NewId(),
        Host = "mini",
        Procedure = "echo",
        ArgumentsJson = arguments,
        InfoJson = "null",
        Timeout = TimeSpan.FromSeconds(20),
        MaxExecTime = TimeSpan.FromSeconds(60),
        Submit = 0,
    };

    private static HarpdConnectorSettings Settings(CertificatePolicy policy, HarpdTlsVersion min = HarpdTlsVersion.Tls12) =>
        new(HarpdConnectorSettings.ProtocolsFrom(min), policy) { NativeTls = HarpdConnectorSettings.NativeTlsFor(min, policy) };

    private static CertificatePolicy Policy(string? caFile = null, string? knownCertsFile = null) =>
        new(caFile, knownCertsFile, NullLogger.Instance);

    private static Task<byte[]> CallAsync(HarpdConnectorSettings settings, HostEntry host, string arguments) =>
        new HarpdConnector(() => settings, TimeProvider.System).CallAsync(host, Job(arguments), _ => ValueTask.CompletedTask, CancellationToken.None);

    [Fact]
    public async Task NoRule_UsesTheOpenSslClient_AndRemembersTheSession()
    {
        var settings = Settings(Policy());
        Assert.NotNull(settings.NativeTls);
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.Tls12, MiniHarpdAsync);
        var host = Host(server.Port, $"mini-{Guid.NewGuid()}");
        Assert.Equal("{\"result\":[1]}", Encoding.UTF8.GetString(await CallAsync(settings, host, "[1]")));
        Assert.Equal("{\"result\":[2]}", Encoding.UTF8.GetString(await CallAsync(settings, host, "[2]")));
        Assert.NotNull(settings.NativeTls!.SessionFor($"{host.Hostname}\n127.0.0.1\n{server.Port}"));
    }

    [Fact]
    public async Task DaemonReconfiguredToNewerTls_TheRememberedSessionIsDropped_AndTheCallSucceeds()
    {
        var settings = Settings(Policy());
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.Tls12, MiniHarpdAsync);
        var host = Host(server.Port, $"mini-{Guid.NewGuid()}");
        Assert.Equal("{\"result\":[1]}", Encoding.UTF8.GetString(await CallAsync(settings, host, "[1]")));
        server.Protocols = SslProtocols.Tls13;
        Assert.Equal("{\"result\":[2]}", Encoding.UTF8.GetString(await CallAsync(settings, host, "[2]")));
        Assert.Equal("{\"result\":[3]}", Encoding.UTF8.GetString(await CallAsync(settings, host, "[3]")));
    }

    [Fact]
    public async Task KnownCertificates_AreCheckedOnEveryConnection_ResumedOnesIncluded()
    {
        using var dir = new TempDirectory();
        var known = dir.File("known.pem");
        TestCertificates.WriteCertificatePem(known, TestCertificates.SharedSelfSigned);
        var settings = Settings(Policy(knownCertsFile: known));
        Assert.NotNull(settings.NativeTls);
        await using var server = new TlsTestServer(TestCertificates.SharedSelfSigned, SslProtocols.Tls12, MiniHarpdAsync);
        var host = Host(server.Port, $"mini-{Guid.NewGuid()}");
        Assert.Equal("{\"result\":[1]}", Encoding.UTF8.GetString(await CallAsync(settings, host, "[1]")));

        // The whitelist changes: the next connection (a resumed one) is refused all the same.
        TestCertificates.WriteCertificatePem(known, TestCertificates.CreateSelfSigned("someone-else"));
        File.SetLastWriteTimeUtc(known, DateTime.UtcNow.AddMinutes(1));
        var failure = await Assert.ThrowsAsync<HarpdFailure>(() => CallAsync(settings, host, "[2]"));
        Assert.Equal("tls_certificate_rejected", failure.Reason);
    }

    [Fact]
    public async Task CaRule_KeepsTheRuntimeClient()
    {
        using var dir = new TempDirectory();
        var ca = TestCertificates.CreateCa("connector-test-ca");
        var caFile = dir.File("ca.pem");
        TestCertificates.WriteCertificatePem(caFile, ca);
        var settings = Settings(Policy(caFile: caFile));
        Assert.Null(settings.NativeTls);
        await using var server = new TlsTestServer(TestCertificates.CreateLeaf("mini", ca), SslProtocols.None, MiniHarpdAsync);
        Assert.Equal("{\"result\":[1]}", Encoding.UTF8.GetString(await CallAsync(settings, Host(server.Port), "[1]")));
    }

    [Fact]
    public void NativeClient_IsChosenOnlyWhereNoChainIsNeeded()
    {
        Assert.True(OpenSslClientContext.IsAvailable);
        Assert.NotNull(HarpdConnectorSettings.NativeTlsFor(HarpdTlsVersion.Tls12, Policy()));
        Assert.Equal(OpenSslInterop.Tls13Version, HarpdConnectorSettings.NativeTlsFor(HarpdTlsVersion.Tls13, Policy())!.MinVersion);
        Assert.Null(HarpdConnectorSettings.NativeTlsFor(HarpdTlsVersion.Tls10, Policy()));
        Assert.Null(HarpdConnectorSettings.NativeTlsFor(HarpdTlsVersion.Tls11, Policy()));
        Assert.Null(HarpdConnectorSettings.NativeTlsFor(HarpdTlsVersion.Tls12, Policy(caFile: "/nonexistent/ca.pem")));
    }
}
