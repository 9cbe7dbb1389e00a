using System.Collections.Concurrent;
using CloudI.External.Spawning;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Tests.Spawning;

/// <summary>Runs real children and collects their output for assertions.</summary>
internal sealed class ChildRun
{
    public const string Python = "/usr/bin/python3";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public ConcurrentQueue<(int Pid, OutputStream Stream, string Line)> Lines { get; } = new();
    public ListLogger Logger { get; } = new();

    public SpawnRequest Request(string path, IEnumerable<string> args, IEnumerable<string>? env = null) => new()
    {
        ExecutablePath = path,
        Arguments = [path, .. args],
        Environment = env?.ToList() ?? ["PATH=/usr/bin:/bin"],
        OutputLine = (pid, stream, line) => Lines.Enqueue((pid, stream, line)),
    };

    public SpawnRequest Sh(string script, IEnumerable<string>? env = null) => Request("/bin/sh", ["-c", script], env);

    public SpawnRequest Py(string code, IEnumerable<string>? args = null, IEnumerable<string>? env = null) =>
        Request(Python, ["-c", code, .. args ?? []], env);

    public SpawnedProcess Spawn(SpawnRequest request) => new ExternalProcessSpawner(Logger).Spawn(request);

    /// <summary>Spawns, waits for the exit and returns the status.</summary>
    public async Task<ExitStatus> RunAsync(SpawnRequest request)
    {
        await using var process = Spawn(request);
        return await process.Exited.WaitAsync(Timeout);
    }

    public List<string> Stdout => Lines.Where(l => l.Stream == OutputStream.Stdout).Select(l => l.Line).ToList();
    public List<string> Stderr => Lines.Where(l => l.Stream == OutputStream.Stderr).Select(l => l.Line).ToList();

    /// <summary>Runs and returns stdout, failing with stderr when the exit status is not 0.</summary>
    public async Task<List<string>> OutputOfAsync(SpawnRequest request)
    {
        var status = await RunAsync(request);
        Assert.True(status.Code == 0, $"{status}: {string.Join("\n", Stderr)}");
        return Stdout;
    }

    public static int CountOwnFds() => Directory.GetFiles("/proc/self/fd").Length;
}

/// <summary>An ILogger that keeps formatted messages.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter) => Entries.Enqueue((logLevel, formatter(state, exception)));
}
