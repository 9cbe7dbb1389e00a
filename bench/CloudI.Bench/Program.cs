using System.Diagnostics;
using CloudI.Bench;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;

// A bounded load harness for the in-process runtime (issue 4's figures): two C# services, a
// driver with N processes (the concurrent senders) and an echo service, in one runtime.
// Usage: CloudI.Bench <sync|async|mcast> [seconds=10] [senders=16] [echo-processes=2]
string scenario = args.Length > 0 ? args[0] : "sync";
int seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
int senders = args.Length > 2 ? int.Parse(args[2]) : 16;
int echoes = args.Length > 3 ? int.Parse(args[3]) : 2;
await using var runtime = new CloudIRuntime();
int echoCount = scenario == "mcast" ? 8 : echoes;
await runtime.AddServiceAsync(new InternalServiceConfig
{
    Module = typeof(EchoService).FullName!,
    Prefix = "/bench/",
    CountProcess = ProcessCount.Exactly(echoCount),
});
await runtime.AddServiceAsync(new InternalServiceConfig
{
    Module = typeof(DriverService).FullName!,
    Prefix = "/driver/",
    CountProcess = ProcessCount.Exactly(senders),
    TimeoutSync = 600000,
});

ServiceDispatcher context = runtime.CreateContext(timeoutSync: 600000);
var destinations = (await context.GetPids("/driver/run", 5000)).Value;

// Each driver process gets its run request asynchronously, so the drivers run concurrently on
// the thread pool rather than one after the other on this thread.
async Task<long> RunAll(int milliseconds)
{
    byte[] run = System.Text.Encoding.UTF8.GetBytes($"{scenario}:{milliseconds}");
    var ids = new List<CloudI.Transactions.TransId>();
    foreach (ServiceDestination d in destinations)
    {
        ids.Add((await context.SendAsync("/driver/run", default, run, 600000, null, d)).Value);
    }

    CloudIResult<IReadOnlyList<RecvAsyncResult>> all = await context.RecvAsyncs(600000, ids);
    return all.Value.Sum(r => long.Parse(r.ResponseText));
}

// Warm up (JIT tiers), then measure.
DriverService.Recorder = new Recorder();
await RunAll(1000);
DriverService.Recorder = new Recorder();
long before = GC.CollectionCount(0);
var watch = Stopwatch.StartNew();
long total = await RunAll(seconds * 1000);
double elapsed = watch.Elapsed.TotalSeconds;
(double p50, double p99, double max) = DriverService.Recorder.Percentiles();
string unit = scenario switch { "sync" => "round trips", "async" => "send_async+recv", _ => "mcast deliveries" };
string latencyOf = scenario switch { "sync" => "send_sync", "async" => $"batch of {DriverService.Batch}", _ => "mcast+recv_asyncs of 8" };
Console.WriteLine($"{scenario}: {total / elapsed:N0} {unit}/s over {elapsed:F1} s; senders {senders}, echo processes {echoCount}");
Console.WriteLine($"latency ({latencyOf}): p50 {p50:F3} ms, p99 {p99:F3} ms, max {max:F1} ms; failures {DriverService.Recorder.Failures}; gen0 GCs {GC.CollectionCount(0) - before}");
