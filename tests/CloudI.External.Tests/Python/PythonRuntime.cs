using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CloudI.Configuration;
using CloudI.External.Hosting;
using CloudI.Runtime;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.External.Tests.Python;

/// <summary>
/// A real <see cref="CloudIRuntime"/> with external services enabled, a capturing logger, a
/// context to send from, and helpers for the Python test services (python/spec_service.py).
/// </summary>
internal sealed class PythonRuntime : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The upper bound of every wait in these tests.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public PythonRuntime()
    {
        Runtime = new CloudIRuntime(new CloudIRuntimeOptions { LoggerFactory = Logs });
        ExternalServices.Enable(Runtime);
        Context = Runtime.CreateContext(timeoutSync: 5000, timeoutAsync: 5000);
    }

    public CapturingLoggerFactory Logs { get; } = new();

    public CloudIRuntime Runtime { get; }

    public ServiceDispatcher Context { get; }

    public static string Script(string file) => Path.Combine(AppContext.BaseDirectory, "python", file);

    /// <summary>An external service running <c>python3 spec_service.py</c>.</summary>
    public static ExternalServiceConfig Service(string prefix, ExternalProtocol protocol = ExternalProtocol.Local,
        int threads = 1, int processes = 1, int maxR = 5, IReadOnlyList<KeyValuePair<string, string>>? env = null,
        ServiceOptions? options = null, string? args = null) => new()
        {
            Prefix = prefix,
            FilePath = Python,
            Args = args ?? Script("spec_service.py"),
            Env = env ?? [],
            Protocol = protocol,
            BufferSize = 65536,
            CountProcess = ProcessCount.Exactly(processes),
            CountThread = ProcessCount.Exactly(threads),
            TimeoutInit = 10000,
            TimeoutAsync = 4001,
            TimeoutSync = 3001,
            MaxR = maxR,
            MaxT = 300,
            TimeoutTerminate = 2000,
            Options = options ?? ServiceOptions.Default,
        };

    public Task<Guid> AddAsync(ServiceConfig config) => Runtime.AddServiceAsync(config);

    /// <summary>send_sync of a JSON command to <paramref name="name"/>; the JSON answer.</summary>
    public async Task<JsonElement> CmdAsync(string name, object command, uint timeout = 5000, sbyte? priority = null,
        string requestInfo = "")
    {
        SendSyncResult r = await Context.SendSync(name, Encoding.UTF8.GetBytes(requestInfo),
            JsonSerializer.SerializeToUtf8Bytes(command), timeout, priority);
        Assert.True(r.IsOk, $"{name} {JsonSerializer.Serialize(command)}: {r.Error}\n{Logs.Dump()}");
        return JsonDocument.Parse(r.Response).RootElement.Clone();
    }

    /// <summary>The OS pid of the process that answers <paramref name="cmdName"/>, or null if none answers within 500 ms.</summary>
    public async Task<int?> OsPidAsync(string cmdName)
    {
        SendSyncResult r = await Context.SendSync(cmdName, default, JsonSerializer.SerializeToUtf8Bytes(new { op = "info" }),
            500); // short: a request caught in a dying process is lost and must not hold up the polling
        return r.IsOk ? JsonDocument.Parse(r.Response).RootElement.GetProperty("os_pid").GetInt32() : null;
    }

    /// <summary>Waits (bounded by <see cref="Limit"/>) until the process behind <paramref name="cmdName"/> has a pid other than <paramref name="old"/>.</summary>
    public async Task<int> NewOsPidAsync(string cmdName, int old)
    {
        int result = 0;
        await WaitUntilAsync(async () =>
        {
            int? pid = await OsPidAsync(cmdName);
            result = pid ?? 0;
            return pid is { } p && p != old;
        }, $"a new OS pid behind {cmdName} (old {old})");
        return result;
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Limit, $"timed out waiting for {what}\n{Logs.Dump()}");
            await Task.Delay(20);
        }
    }

    public Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    public static bool IsRunning(int pid) => File.Exists($"/proc/{pid}/stat")
        && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');

    public static string Hex(TransId id) => Convert.ToHexStringLower(id.ToByteArray());

    public async ValueTask DisposeAsync() => await Runtime.DisposeAsync();
}
