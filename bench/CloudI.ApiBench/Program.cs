using System.Diagnostics;
using CloudI.ApiBench;
using CloudI.Configuration;
using CloudI.External.Hosting;
using CloudI.Runtime;
using CloudI.Services;

// send_sync from N concurrent in-process senders (runtime contexts) to the C# external echo
// service examples/CloudI.ExternalExample (one OS process, count_thread threads), measured for
// a fixed time after a warm-up.
// Usage: CloudI.ApiBench [threads=4] [seconds=10] [senders=16] [protocol=local] [warmup=2] [bytes=32]
int threads = args.Length > 0 ? int.Parse(args[0]) : 4;
int seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
int senders = args.Length > 2 ? int.Parse(args[2]) : 16;
ExternalProtocol protocol = args.Length > 3 ? Enum.Parse<ExternalProtocol>(args[3], ignoreCase: true) : ExternalProtocol.Local;
int warmup = args.Length > 4 ? int.Parse(args[4]) : 2;
int bytes = args.Length > 5 ? int.Parse(args[5]) : 32;

string dll = ExampleDll();
await using var runtime = new CloudIRuntime();
ExternalServices.Enable(runtime);
await runtime.AddServiceAsync(new ExternalServiceConfig
{
    Prefix = "/bench/",
    FilePath = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "/usr/bin/dotnet",
    Args = dll,
    Protocol = protocol,
    BufferSize = 65536,
    CountThread = ProcessCount.Exactly(threads),
    TimeoutInit = 20000,
});

byte[] body = new byte[bytes];
long until = 0;
var contexts = Enumerable.Range(0, senders).Select(_ => runtime.CreateContext(timeoutSync: 5000)).ToArray();

async Task<(long Count, long Failures)> Sender(ServiceDispatcher context, List<long>? latencies)
{
    long count = 0;
    long failures = 0;
    while (true)
    {
        long start = Stopwatch.GetTimestamp();
        if (start >= Volatile.Read(ref until))
        {
            return (count, failures);
        }

        SendSyncResult result = await context.SendSync("/bench/echo", default, body, 5000).ConfigureAwait(false);
        if (!result.IsOk || result.Response.Length != body.Length)
        {
            failures++;
            continue;
        }

        latencies?.Add(Stopwatch.GetTimestamp() - start);
        count++;
    }
}

async Task<(long Count, long Failures, double Elapsed)> Run(int runSeconds, LatencySeries? series)
{
    Volatile.Write(ref until, Stopwatch.GetTimestamp() + (runSeconds * Stopwatch.Frequency));
    var watch = Stopwatch.StartNew();
    var results = await Task.WhenAll(contexts.Select(c => Task.Run(() => Sender(c, series?.NewSender()))));
    return (results.Sum(r => r.Count), results.Sum(r => r.Failures), watch.Elapsed.TotalSeconds);
}

await Run(warmup, null);
var latencies = new LatencySeries();
int gen0 = GC.CollectionCount(0);
var cpu = CpuTimes.Start();
(long total, long failed, double elapsed) = await Run(seconds, latencies);
(double runtimeCpu, double externalCpu) = cpu.Stop();
(double p50, double p99, double max) = latencies.Percentiles();
(int fewest, int most) = latencies.PerSender();
Console.WriteLine($"send_sync to the external C# echo: {total / elapsed:N0}/s over {elapsed:F1} s; "
    + $"count_thread {threads}, {protocol.ToString().ToLowerInvariant()}, senders {senders}, {bytes}-byte requests");
Console.WriteLine($"latency: p50 {p50:F3} ms, p99 {p99:F3} ms, max {max:F1} ms; failures {failed}; runtime gen0 GCs {GC.CollectionCount(0) - gen0}");
Console.WriteLine($"cpu per request: runtime {runtimeCpu * 1e6 / Math.Max(total, 1):F1} µs, external process {externalCpu * 1e6 / Math.Max(total, 1):F1} µs "
    + $"(cores busy: {runtimeCpu / elapsed:F2} + {externalCpu / elapsed:F2}); round trips per sender {fewest}..{most}");

static string ExampleDll()
{
    var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
    DirectoryInfo? root = output;
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "HarpCaller.slnx")))
    {
        root = root.Parent;
    }

    string dll = Path.Combine(root?.FullName ?? ".", "examples", "CloudI.ExternalExample", "bin", output.Parent!.Name,
        output.Name, "CloudI.ExternalExample.dll");
    return File.Exists(dll) ? dll : throw new FileNotFoundException("build examples/CloudI.ExternalExample first", dll);
}
