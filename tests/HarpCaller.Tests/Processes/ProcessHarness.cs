using HarpCaller.Tests.Engine;
using HarpCaller.TestHarpd;

namespace HarpCaller.Tests.Processes;

/// <summary>A TOML configuration, a test harpd, and harpcallerd processes started on them.</summary>
internal sealed class ProcessHarness : IAsyncDisposable
{
    private readonly List<DaemonProcess> _daemons = [];

    private ProcessHarness(TempDirectory dir, TestHarpd.TestHarpd? harpd, int port, string extraConfig, int harpdPort)
    {
        Dir = dir;
        Harpd = harpd;
        Port = port;
        var hosts = Dir.Script("hosts.sh", $"echo '{EngineHarness.HostLine("h1", "127.0.0.1", harpdPort.ToString())}'");
        ConfigPath = Dir.File("harpcaller.toml");
        File.WriteAllText(ConfigPath, $"""
            listen = ["127.0.0.1:{port}"]
            stream_directory = "{Dir.File("stream")}"
            default_timeout = 30
            max_exec_time = 120
            host_db_script = "{hosts}"
            host_db = "{Dir.File("hosts.db")}"
            host_db_refresh = 900
            log_handlers = ["harpcaller_stdout_h"]
            {extraConfig}
            """);
    }

    public TempDirectory Dir { get; }

    public TestHarpd.TestHarpd? Harpd { get; }

    public int Port { get; }

    public string ConfigPath { get; }

    /// <summary>With an in-process test harpd (TLS 1.2+).</summary>
    public static async Task<ProcessHarness> CreateAsync(string extraConfig = "")
    {
        var harpd = await TestHarpd.TestHarpd.StartAsync(new TestHarpdOptions());
        return new ProcessHarness(new TempDirectory(), harpd, DaemonProcess.FreePort(), extraConfig, harpd.Port);
    }

    /// <summary>For a harpd the caller runs elsewhere (another process) on <paramref name="harpdPort"/>.</summary>
    public static ProcessHarness ForExternalHarpd(int harpdPort, string extraConfig = "") =>
        new(new TempDirectory(), null, DaemonProcess.FreePort(), extraConfig, harpdPort);

    public async Task<DaemonProcess> StartDaemonAsync()
    {
        var daemon = await DaemonProcess.StartAsync(ConfigPath, Port, Dir.File("control"));
        _daemons.Add(daemon);
        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _daemons) await d.DisposeAsync();
        if (Harpd is not null) await Harpd.DisposeAsync();
        Dir.Dispose();
    }
}
