using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace CloudI.Executable.Tests;

/// <summary>Runs the built cloudi executable (<c>dotnet cloudi.dll ...</c>) as a real OS process.</summary>
internal static partial class Cloudi
{
    public static readonly string Dll = Metadata("CloudiDll");

    public static readonly string ServicesDir = Metadata("TestServicesDir");

    /// <summary>examples/CloudI.Examples' build output.</summary>
    public static readonly string ExamplesDir = Metadata("ExamplesDir");

    /// <summary>examples/cloudi/cloudi.conf.</summary>
    public static readonly string ExampleConfig = Metadata("ExampleConfig");

    private static readonly string DotNet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
        ? host
        : "dotnet";

    /// <summary>Starts <c>cloudi ARGS</c> in the background, its output collected.</summary>
    public static CloudiProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new CloudiProcess(Process.Start(info)!);
    }

    /// <summary>Runs <c>cloudi ARGS</c> to completion.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs <c>cloudi ARGS</c> to completion with extra environment variables.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IDictionary<string, string>? environment,
        params string[] args)
    {
        await using CloudiProcess process = Start(args, environment);
        int exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exit, process.Stdout, process.Stderr);
    }

    /// <summary>Sends a signal to a process.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    /// <summary>Sends raw bytes to the control socket and returns every reply line until the runtime closes or goes quiet.</summary>
    public static async Task<List<string>> ExchangeAsync(string socketPath, byte[] request, int expectedLines)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (lines.Count < expectedLines && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Metadata(string key) =>
        typeof(Cloudi).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>A running cloudi process whose stdout and stderr lines are collected.</summary>
internal sealed class CloudiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CloudiProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data, _stdout, _stdoutClosed);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, _stderr, _stderrClosed);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Waits for a stdout line containing <paramref name="text"/>; fails with the output so far if it does not come.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_stdout.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_stdoutClosed.Task.IsCompleted || clock.Elapsed > limit)
            {
                Assert.Fail($"no line with \"{text}\" (exited: {_process.HasExited})\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            await _changed.WaitAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>The exit code; fails (and kills the process) if it does not exit in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"cloudi did not exit within {timeout}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A test that failed half-way: stop the runtime gracefully, then for sure.
            try
            {
                Cloudi.Signal(_process.Id, Cloudi.SIGTERM);
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (Exception)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Collect(string? line, ConcurrentQueue<string> lines, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            lines.Enqueue(line);
        }

        _changed.Release();
    }
}

/// <summary>A private temporary directory with a configuration file and a socket path in it.</summary>
internal sealed class TestDir : IDisposable
{
    public TestDir()
    {
        Path = Directory.CreateTempSubdirectory("cloudi-t").FullName;
    }

    public string Path { get; }

    public string Socket => System.IO.Path.Combine(Path, "c.sock");

    public string Config => System.IO.Path.Combine(Path, "cloudi.conf");

    /// <summary>Writes the configuration file; returns its path.</summary>
    public string WriteConfig(string text)
    {
        File.WriteAllText(Config, text);
        return Config;
    }

    /// <summary><c>start --config=... --code-path=... --socket=...</c> plus <paramref name="extra"/>.</summary>
    public string[] StartArgs(params string[] extra) =>
        ["start", $"--config={Config}", $"--code-path={Cloudi.ServicesDir}", $"--socket={Socket}", .. extra];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Configuration texts with the test services.</summary>
internal static class Configs
{
    public static string Service(string module, string prefix = "/test/", string args = "[]", int processes = 1) =>
        $"[{{prefix, \"{prefix}\"}}, {{module, 'CloudI.TestServices.{module}'}}, {{args, {args}}}, {{count_process, {processes}}}]";

    public static string Services(params string[] services) =>
        "% test configuration\n{services, [\n    " + string.Join(",\n    ", services) + "\n]}.\n";

    /// <summary>Echo (2 processes), Reverse and Forward (to /test/echo).</summary>
    public static string Valid(string logging = "") => Services(
        Service("Echo", processes: 2),
        Service("Reverse"),
        Service("Forward", args: "[{to, \"/test/echo\"}]")) + logging;
}
