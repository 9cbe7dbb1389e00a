using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>
/// <c>--self-test</c>: starts daemons in this process and checks every procedure, error path,
/// TLS version and certificate helper through real TLS connections, byte for byte where the
/// protocol fixes the bytes. Prints one PASS/FAIL line per check. Split by concern into partial
/// files: <c>.Procedures</c>, <c>.Requests</c>, <c>.Tls</c>.
/// </summary>
internal sealed partial class SelfTestRunner
{
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(60);

    private readonly CommandLineOptions _options;
    private int _passed;
    private int _failed;

    private SelfTestRunner(CommandLineOptions options) => _options = options;

    public static async Task<int> RunAsync(CommandLineOptions options)
    {
        var runner = new SelfTestRunner(options);
        await runner.RunAllAsync().ConfigureAwait(false);
        Console.Out.WriteLine($"self-test: {runner._passed} passed, {runner._failed} failed");
        return runner._failed == 0 ? 0 : 1;
    }

    private async Task RunAllAsync()
    {
        X509Certificate2 certificate = TestCertificates.CreateSelfSigned("harpd.test");
        SslProtocols[] versions = EachVersion(_options.Protocols);
        var harpdOptions = new TestHarpdOptions
        {
            Certificate = certificate,
            Protocols = _options.Protocols,
            Trace = _options.Verbose ? Console.Error.WriteLine : null,
        };

        await using (TestHarpd harpd = await TestHarpd.StartAsync(harpdOptions).ConfigureAwait(false))
        {
            var client = new SelfTestClient
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port),
                Protocols = versions[0],
                Validate = SelfTestClient.Pinned(certificate),
            };

            await ProcedureChecksAsync(client).ConfigureAwait(false);
            await RequestChecksAsync(client).ConfigureAwait(false);
            await CancellationChecksAsync(harpd, client).ConfigureAwait(false);
            await VersionChecksAsync(harpd, client, versions).ConfigureAwait(false);
            await CheckAsync("counters: all connections closed, every one counted", async () =>
            {
                await harpd.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                Expect(harpd.ConnectionsAccepted > 40, "accepted " + harpd.ConnectionsAccepted);
                Expect(harpd.RequestsSeen > 40, "requests seen " + harpd.RequestsSeen);
            }).ConfigureAwait(false);
        }

        await DisposalCheckAsync(certificate, versions[0]).ConfigureAwait(false);
        await CompactStyleChecksAsync(certificate, versions[0]).ConfigureAwait(false);
        await LimitChecksAsync(certificate, versions[0]).ConfigureAwait(false);
        await CertificateChecksAsync(versions[0]).ConfigureAwait(false);
    }

    private async Task CheckAsync(string name, Func<Task> body)
    {
        try
        {
            await body().WaitAsync(s_checkTimeout).ConfigureAwait(false);
            _passed++;
            Console.Out.WriteLine("PASS " + name);
        }
        catch (SelfTestFailure e)
        {
            _failed++;
            Console.Out.WriteLine($"FAIL {name}: {e.Message}");
        }
        catch (Exception e)
        {
            _failed++;
            Console.Out.WriteLine($"FAIL {name}: {e}");
        }
    }

    private Task CheckCallAsync(SelfTestClient client, string name, string request, params string[] expected) =>
        CheckAsync(name, async () =>
        {
            Transcript transcript = await client.CallAsync(request).ConfigureAwait(false);
            ExpectLines(transcript, expected);
        });

    private static void ExpectLines(Transcript transcript, params string[] expected)
    {
        IReadOnlyList<string> lines = transcript.Lines;
        Expect(transcript.EndsWithNewline, "reply does not end with a newline: " + transcript);
        Expect(lines.Count == expected.Length, $"expected {expected.Length} line(s), got {lines.Count}: {transcript}");
        for (int i = 0; i < expected.Length; i++)
        {
            Expect(lines[i] == expected[i], $"line {i}:\n  expected {expected[i]}\n  got      {lines[i]}");
        }
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new SelfTestFailure(message);
        }
    }

    private static SslProtocols[] EachVersion(SslProtocols protocols)
    {
        if (protocols == SslProtocols.None)
        {
            return [SslProtocols.None];
        }

#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are what the original harpd speaks
        SslProtocols[] all = [SslProtocols.Tls, SslProtocols.Tls11, SslProtocols.Tls12, SslProtocols.Tls13];
#pragma warning restore SYSLIB0039
        return [.. all.Where(p => (protocols & p) == p)];
    }
}
