using System.Diagnostics;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Processes;

/// <summary>
/// The original harpd speaks only TLS 1.0. With harpd_tls_min_version = "1.0" the dispatcher
/// must reach it on this machine's OpenSSL 3 with no environment set by the user: both run
/// here as real processes (the old-daemon stand-in configures its own OpenSSL, as that host would).
/// </summary>
public sealed class LegacyTlsTests
{
    private static async Task<(System.Diagnostics.Process Process, int Port)> StartTls10HarpdAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { RepoPaths.TestHarpd, "--port", "0", "--self-signed", "--tls", "1.0", "--exit-on-stdin-eof" }) info.ArgumentList.Add(a);
        info.Environment.Remove("OPENSSL_CONF");
        var process = System.Diagnostics.Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(cts.Token);
        Assert.NotNull(line);
        Assert.StartsWith("listening ", line);
        return (process, int.Parse(line!["listening ".Length..]));
    }

    private static async Task<string> CallThroughDaemonAsync(int harpdPort, string extraConfig)
    {
        await using var h = ProcessHarness.ForExternalHarpd(harpdPort, extraConfig);
        var daemon = await h.StartDaemonAsync();
        var id = JobIdOf(await RequestAsync(daemon.Server, Call("h1", "return", "[\"tls1.0 ok\"]")));
        return await RequestAsync(daemon.Server, $"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":true}}");
    }

    [Fact]
    public async Task MinVersion10_ReachesTls10OnlyDaemon_WithoutUserEnvironment()
    {
        var (harpd, port) = await StartTls10HarpdAsync();
        try
        {
            Assert.Equal("{\"result\":\"tls1.0 ok\"}", await CallThroughDaemonAsync(port, "harpd_tls_min_version = \"1.0\""));
            // The default (1.2) refuses the same daemon.
            var refused = await CallThroughDaemonAsync(port, "");
            Assert.Contains("\"type\":\"network_error\"", refused);
            Assert.Contains("tls_handshake_failed", refused);
        }
        finally
        {
            harpd.StandardInput.Close();
            if (!harpd.WaitForExit(10_000)) harpd.Kill(entireProcessTree: true);
            harpd.Dispose();
        }
    }
}
