using System.Diagnostics;
using CloudI.Configuration;
using CloudI.External.Hosting;
using CloudI.ExternalBench;
using CloudI.Runtime;
using CloudI.Services;

// A bounded harness: send_sync round trips from C# contexts to the Python external echo service
// (python/bench_echo.py on cloudi_spec.py), for each thread count, over one protocol.
// Usage: CloudI.ExternalBench [seconds=5 (max 60)] [senders=16] [threads=1,4] [protocol=local]
int seconds = Math.Clamp(args.Length > 0 ? int.Parse(args[0]) : 5, 1, 60);
int senders = Math.Clamp(args.Length > 1 ? int.Parse(args[1]) : 16, 1, 256);
int[] threadCounts = [.. (args.Length > 2 ? args[2] : "1,4").Split(',').Select(int.Parse)];
ExternalProtocol protocol = Enum.Parse<ExternalProtocol>(args.Length > 3 ? args[3] : "local", ignoreCase: true);
string script = Path.Combine(AppContext.BaseDirectory, "python", "bench_echo.py");
byte[] body = new byte[32];

Console.WriteLine($"send_sync to a Python echo service ({protocol}), {senders} C# senders, {seconds} s per run, {Environment.ProcessorCount} CPUs");
Console.WriteLine("threads  requests/s      p50 ms   p99 ms   max ms  timeouts");
foreach (int threads in threadCounts)
{
    await using var runtime = new CloudIRuntime();
    ExternalServices.Enable(runtime);
    await runtime.AddServiceAsync(new ExternalServiceConfig
    {
        Prefix = "/bench/",
        FilePath = "/usr/bin/python3",
        Args = script,
        Protocol = protocol,
        BufferSize = 65536,
        CountThread = ProcessCount.Exactly(threads),
        TimeoutTerminate = 2000,
    });

    // Warm up (JIT tiers, the Python side), then measure.
    await Run(runtime, 1000, new LatencySeries());
    var series = new LatencySeries();
    var watch = Stopwatch.StartNew();
    long timeouts = await Run(runtime, seconds * 1000, series);
    double elapsed = watch.Elapsed.TotalSeconds;
    (double p50, double p99, double max) = series.Percentiles();
    Console.WriteLine($"{threads,7}  {series.Count / elapsed,10:F0}  {p50,10:F3} {p99,8:F3} {max,8:F1}  {timeouts,8}");
}

async Task<long> Run(CloudIRuntime runtime, int milliseconds, LatencySeries series)
{
    long deadline = Stopwatch.GetTimestamp() + (milliseconds * Stopwatch.Frequency / 1000);
    long timeouts = 0;
    await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
    {
        ServiceDispatcher context = runtime.CreateContext();
        List<long> mine = series.NewSeries();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            long start = Stopwatch.GetTimestamp();
            SendSyncResult r = await context.SendSync("/bench/echo", default, body, 5000);
            if (r.IsOk)
            {
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
            else
            {
                Interlocked.Increment(ref timeouts);
            }
        }

        runtime.CloseContext(context);
    })));
    return timeouts;
}
