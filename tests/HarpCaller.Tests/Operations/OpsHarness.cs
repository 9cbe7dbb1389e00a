using System.Net;
using HarpCaller.Tests.AdminCli;
using HarpCaller.Tests.Engine;
using HarpCaller.Tests.Processes;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Operations;

/// <summary>
/// A <see cref="ProcessHarness"/> (TOML file, in-process test harpd, hosts script for <c>h1</c>)
/// with harpcallerd processes started by <see cref="OpsDaemon"/>, the CLI on its control socket,
/// and client-protocol shortcuts.
/// </summary>
internal sealed class OpsHarness : IAsyncDisposable
{
    private readonly ProcessHarness _inner;
    private readonly List<OpsDaemon> _daemons = [];

    private OpsHarness(ProcessHarness inner)
    {
        _inner = inner;
        Server = new IPEndPoint(IPAddress.Loopback, inner.Port);
    }

    public TempDirectory Dir => _inner.Dir;

    public TestHarpd.TestHarpd Harpd => _inner.Harpd!;

    public string ConfigPath => _inner.ConfigPath;

    public string Socket => _inner.Dir.File("control");

    public int Port => _inner.Port;

    /// <summary>The client port of the configuration's <c>listen</c>.</summary>
    public IPEndPoint Server { get; }

    public static async Task<OpsHarness> CreateAsync(string extraConfig = "") => new(await ProcessHarness.CreateAsync(extraConfig));

    /// <summary>The hosts line for <paramref name="hostname"/> at the test harpd (password <c>secret</c>).</summary>
    public string HostLine(string hostname) => EngineHarness.HostLine(hostname, "127.0.0.1", Harpd.Port.ToString());

    /// <summary>Starts a daemon on this configuration and socket and waits until it serves.</summary>
    public async Task<OpsDaemon> StartDaemonAsync(string? pidfile = null)
    {
        var daemon = OpsDaemon.Launch(Socket, ConfigPath, Port, pidfile);
        _daemons.Add(daemon);
        await daemon.WaitUntilServingAsync(Socket);
        return daemon;
    }

    /// <summary>
    /// <c>status --wait</c>, the readiness check the manual gives scripts; used before sending
    /// signals, which kill a daemon that has just started serving (see <see cref="SignalRaceTests"/>).
    /// </summary>
    public async Task WaitReadyAsync()
    {
        var r = await Cli("status", "--wait", "--timeout=30");
        Assert.True(r.Code == 0 && r.Out == "running\n", r.ToString());
    }

    /// <summary>Starts a daemon without waiting for it.</summary>
    public OpsDaemon LaunchDaemon(string config, int port, string? pidfile = null)
    {
        var daemon = OpsDaemon.Launch(Socket, config, port, pidfile);
        _daemons.Add(daemon);
        return daemon;
    }

    /// <summary><c>harpcallerd --socket=SOCKET ARGS...</c>.</summary>
    public Task<CliResult> Cli(params string[] args) => AdminCli.Cli.RunAsync(Socket, args);

    /// <summary>Submits a call to <c>h1</c> and returns its job id.</summary>
    public async Task<string> SubmitAsync(string procedure, string arguments, string extra = "") =>
        JobIdOf(await RequestAsync(Server, Call("h1", procedure, arguments, extra)));

    /// <summary><c>get_result</c> with <c>wait</c>: the job's result line.</summary>
    public Task<string> ResultAsync(string id) => RequestAsync(Server, $"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":true}}");

    /// <summary><c>get_status</c>: the job's <c>time</c> object as (submit, start, end).</summary>
    public async Task<(long Submit, long? Start, long? End)> TimesAsync(string id)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await RequestAsync(Server, $"{{\"harpcaller\":1,\"get_status\":\"{id}\"}}"));
        var time = doc.RootElement.GetProperty("time");
        static long? Nullable(System.Text.Json.JsonElement e) => e.ValueKind == System.Text.Json.JsonValueKind.Null ? null : e.GetInt64();
        return (time.GetProperty("submit").GetInt64(), Nullable(time.GetProperty("start")), Nullable(time.GetProperty("end")));
    }

    /// <summary>Waits until the dispatcher has started the job.</summary>
    public Task WaitStartedAsync(string id) =>
        Poll.UntilAsync(async () => (await TimesAsync(id)).Start is not null, $"job {id} started");

    /// <summary>A <c>return</c> call that must succeed with its argument.</summary>
    public async Task AssertACallWorksAsync()
    {
        var value = "alive-" + Guid.NewGuid().ToString("N");
        var id = await SubmitAsync("return", $"[\"{value}\"]");
        Assert.Equal($"{{\"result\":\"{value}\"}}", await ResultAsync(id));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _daemons) await d.DisposeAsync();
        await _inner.DisposeAsync();
    }
}
