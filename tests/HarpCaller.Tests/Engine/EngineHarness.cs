using System.Net;
using HarpCaller.Configuration;
using HarpCaller.Hosting;
using HarpCaller.TestHarpd;
using Microsoft.Extensions.Logging.Abstractions;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Engine;

/// <summary>
/// A real dispatcher on loopback port 0 with its store in a temporary directory, a real test
/// harpd over TLS, and a hosts registry filled by a real script. Hosts: <c>h1</c> (the harpd),
/// <c>badport</c> (port 70000), <c>refused</c> (a closed port), <c>nxdomain</c> (an unresolvable name).
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly Func<HarpCallerOptions, HarpCallerOptions> _configure;

    private EngineHarness(TempDirectory dir, TestHarpd.TestHarpd harpd, Func<HarpCallerOptions, HarpCallerOptions> configure)
    {
        Dir = dir;
        Harpd = harpd;
        _configure = configure;
    }

    public TempDirectory Dir { get; }

    public TestHarpd.TestHarpd Harpd { get; }

    public DispatcherHost Host { get; private set; } = null!;

    public IPEndPoint Server => Host.ClientEndpoints[0];

    public HarpCallerOptions Options { get; private set; } = null!;

    public static async Task<EngineHarness> StartAsync(
        Func<HarpCallerOptions, HarpCallerOptions>? configure = null, TestHarpdOptions? harpdOptions = null)
    {
        var dir = new TempDirectory();
        var harpd = await TestHarpd.TestHarpd.StartAsync(harpdOptions ?? new TestHarpdOptions());
        var harness = new EngineHarness(dir, harpd, configure ?? (o => o));
        await harness.StartDispatcherAsync();
        return harness;
    }

    public static string HostLine(string hostname, string address, string port, string user = "rpc", string password = "secret") =>
        $"{{\"hostname\":\"{hostname}\",\"address\":\"{address}\",\"port\":{port},\"credentials\":{{\"user\":\"{user}\",\"password\":\"{password}\"}}}}";

    public async Task StartDispatcherAsync()
    {
        var closedPort = ClosedPort();
        var script = Dir.Script("hosts.sh", string.Join("\n", new[]
        {
            HostLine("h1", "127.0.0.1", Harpd.Port.ToString()),
            HostLine("wrongpass", "127.0.0.1", Harpd.Port.ToString(), password: "not-the-password"),
            HostLine("badport", "127.0.0.1", "70000"),
            HostLine("refused", "127.0.0.1", closedPort.ToString()),
            HostLine("nxdomain", "no-such-host.invalid", "4306"),
        }.Select(l => $"echo '{l}'")));
        Options = _configure(new HarpCallerOptions
        {
            Listen = [new ListenAddress("127.0.0.1", 0)],
            StreamDirectory = Dir.File("stream"),
            HostDbScript = script,
            HostDb = Dir.File("hosts.db"),
            HostDbRefresh = TimeSpan.FromHours(1),
            DefaultTimeout = TimeSpan.FromSeconds(20),
            MaxExecTime = TimeSpan.FromSeconds(60),
        });
        Host = await DispatcherHost.StartAsync(Options, NullLoggerFactory.Instance);
    }

    /// <summary>Stops the dispatcher gracefully and starts a new one on the same store.</summary>
    public async Task RestartAsync(TimeSpan grace)
    {
        await Host.StopAsync(grace);
        await StartDispatcherAsync();
    }

    public Task<string> RequestAsync(string line) => WireClient.RequestAsync(Server, line);

    public Task<List<string>> RequestLinesAsync(string line) => WireClient.RequestLinesAsync(Server, line);

    public async Task<string> SubmitAsync(string host, string procedure, string arguments, string extra = "") =>
        JobIdOf(await RequestAsync(Call(host, procedure, arguments, extra)));

    public Task<string> ResultAsync(string id) => RequestAsync($"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":true}}");

    public Task<string> StatusAsync(string id) => RequestAsync($"{{\"harpcaller\":1,\"get_status\":\"{id}\"}}");

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(1));
        await Harpd.DisposeAsync();
        Dir.Dispose();
    }
}
