using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace HarpCaller.Tests.Processes;

/// <summary>harpcallerd as a real OS process, started with a TOML file, stopped by signals.</summary>
internal sealed partial class DaemonProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(System.Diagnostics.Process process, IPEndPoint server)
    {
        _process = process;
        Server = server;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IPEndPoint Server { get; }

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts <c>harpcallerd start --config=FILE</c> and waits until the client port accepts.</summary>
    public static async Task<DaemonProcess> StartAsync(string configPath, int port, string socketPath, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.Harpcallerd);
        info.ArgumentList.Add($"--socket={socketPath}");
        info.ArgumentList.Add("start");
        info.ArgumentList.Add($"--config={configPath}");
        info.Environment.Remove("OPENSSL_CONF");
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = System.Diagnostics.Process.Start(info)!;
        var daemon = new DaemonProcess(process, new IPEndPoint(IPAddress.Loopback, port));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("harpcallerd exited at start:\n" + daemon.Output);
            try
            {
                using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(daemon.Server);
                return daemon;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException("kill failed");
    }

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
