using System.Diagnostics;
using CloudI.Bench;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;

// A bounded load harness for the in-process runtime (issue 4's figures): two C# services, a
// driver with N processes (the concurrent senders) and an echo service, in one runtime.
// Usage: CloudI.Bench <sync|async|mcast> [seconds=10] [senders=16] [echo-processes=2] [inline-async=0]
string scenario = args.Length > 0 ? args[0] : "sync";
int seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
int senders = args.Length > 2 ? int.Parse(args[2]) : 16;
int echoes = args.Length > 3 ? int.Parse(args[3]) : 2;
bool inline = args.Length > 4 && args[4] == "1";

await using var runtime = new CloudIRuntime(new CloudIRuntimeOptions { InlineAsyncDelivery = inline });
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

// Warm up (JIT tiers), then measure.
DriverService.Recorder = new Recorder();
await Task.WhenAll(destinations.Select(d => context.SendSync("/driver/run", default, System.Text.Encoding.UTF8.GetBytes($"{scenario}:1000"), 600000, null, d).AsTask()));
DriverService.Recorder = new Recorder();
long before = GC.CollectionCount(0);
var watch = Stopwatch.StartNew();
SendSyncResult[] results = await Task.WhenAll(destinations.Select(d =>
    context.SendSync("/driver/run", default, System.Text.Encoding.UTF8.GetBytes($"{scenario}:{seconds * 1000}"), 600000, null, d).AsTask()));
double elapsed = watch.Elapsed.TotalSeconds;
long total = results.Sum(r => long.Parse(r.ResponseText));
(double p50, double p99, double max) = DriverService.Recorder.Percentiles();
string unit = scenario switch { "sync" => "round trips", "async" => "send_async+recv", _ => "mcast deliveries" };
string latencyOf = scenario switch { "sync" => "send_sync", "async" => $"batch of {DriverService.Batch}", _ => "mcast+recv_asyncs of 8" };
Console.WriteLine($"{scenario}: {total / elapsed:N0} {unit}/s over {elapsed:F1} s; senders {senders}, echo processes {echoCount}, inline async {inline}");
Console.WriteLine($"latency ({latencyOf}): p50 {p50:F3} ms, p99 {p99:F3} ms, max {max:F1} ms; failures {DriverService.Recorder.Failures}; gen0 GCs {GC.CollectionCount(0) - before}");
