using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using HarpCaller.Tests.Processes;

namespace HarpCaller.Tests.Operations;

/// <summary>
/// <c>harpcallerd --socket=S start --config=C [--pidfile=P]</c> as a real OS process (umask 022, so
/// the modes the daemon asks for are the modes the files get), its output captured, killed on dispose.
/// </summary>
internal sealed partial class OpsDaemon : IAsyncDisposable
{
    public const int SIGHUP = 1;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OpsDaemon(Process process, IPEndPoint server)
    {
        _process = process;
        Server = server;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The first <c>listen</c> address (loopback, the configured port).</summary>
    public IPEndPoint Server { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and standard error, interleaved.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the process and returns at once (it may still fail to start).</summary>
    public static OpsDaemon Launch(string socket, string config, int port, string? pidfile = null)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // exec: the daemon keeps the shell's PID, so Pid is the daemon's.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("umask 022 && exec \"$@\"");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(RepoPaths.Harpcallerd);
        info.ArgumentList.Add($"--socket={socket}");
        info.ArgumentList.Add("start");
        info.ArgumentList.Add($"--config={config}");
        if (pidfile is not null) info.ArgumentList.Add($"--pidfile={pidfile}");
        info.Environment.Remove("OPENSSL_CONF");
        return new OpsDaemon(Process.Start(info)!, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>Waits (at most 30 s) until the client port accepts and the control socket file exists.</summary>
    public async Task WaitUntilServingAsync(string socket)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"harpcallerd exited at start ({_process.ExitCode}):\n{Output}");
            if (File.Exists(socket))
            {
                try
                {
                    using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    await probe.ConnectAsync(Server);
                    return;
                }
                catch (SocketException)
                {
                }
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("harpcallerd did not start within 30 s:\n" + Output);
            await Task.Delay(50);
        }
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    /// <summary>The exit code; the process is killed (and the test fails) if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"harpcallerd still running after {timeout.TotalSeconds} s: killed\n{Output}");
        }
        await _process.WaitForExitAsync(); // the output is read to its end
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); } catch (OperationCanceledException) { }
        }
        _process.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
