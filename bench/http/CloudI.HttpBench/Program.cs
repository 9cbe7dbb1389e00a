using CloudI.Configuration;
using CloudI.Examples;
using CloudI.External.Hosting;
using CloudI.Http;
using CloudI.Runtime;
using Erlang.Terms;

// The HTTP front benchmark host: a runtime with the front on 127.0.0.1:PORT (default 6464,
// text_pairs, timeout_sync 30000 as in the stock configuration) and an http_req service under
// /tests/http_req/: TARGET csharp (default) is the C# internal HttpReqService (GET
// /tests/http_req/csharp.xml?value=42), TARGET python the Python external service
// examples/python/http_req.py on cloudi_spec.py (GET /tests/http_req/python.xml?value=42; 1 OS
// process, 1 thread, protocol local). Runs until stdin closes or SIGTERM/Ctrl+C.
// Usage: CloudI.HttpBench [port] [csharp|python]
int port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 6464;
string target = args.Length > 1 ? args[1] : "csharp";
// FRONT_ARGS: extra front arguments for experiments, e.g. "{max_keepalive, 1000000}".
string extra = Environment.GetEnvironmentVariable("FRONT_ARGS") is { Length: > 0 } more ? ", " + more : "";
await using var runtime = new CloudIRuntime(new CloudIRuntimeOptions());
HttpFrontService.Register(runtime);
switch (target)
{
    case "csharp":
        await runtime.AddServiceAsync(new InternalServiceConfig
        {
            Module = typeof(HttpReqService).FullName!,
            Prefix = "/tests/http_req/",
        });
        break;

    case "python":
        ExternalServices.Enable(runtime);
        await runtime.AddServiceAsync(new ExternalServiceConfig
        {
            Prefix = "/tests/http_req/",
            FilePath = Environment.GetEnvironmentVariable("PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3",
            Args = Path.Combine(AppContext.BaseDirectory, "python", "http_req.py"),
            Protocol = ExternalProtocol.Local,
            CountThread = ProcessCount.Exactly(1),
            TimeoutTerminate = 2000,
        });
        break;

    default:
        Console.Error.WriteLine($"unknown target {target} (csharp or python)");
        return 2;
}

await runtime.AddServiceAsync(new InternalServiceConfig
{
    Module = HttpFrontService.ModuleName,
    Prefix = "/",
    Args = ((ErlangList)ErlangTermReader.Parse(
        $"[{{port, {port}}}, {{output, external}}, {{query_get_format, text_pairs}}{extra}]")).Elements,
    TimeoutSync = 30000,
});
Console.WriteLine($"listening {port}");

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
    {
        c.Cancel = true;
        stop.TrySetResult();
    });
// A "stats" line on stdin prints the GC counters (run.sh takes them before and after the measured
// run); end of input stops the host.
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is { } line)
    {
        if (line == "stats")
        {
            PrintStats();
        }
    }

    stop.TrySetResult();
});
await stop.Task;
PrintStats();
await runtime.StopAsync();
return 0;

static void PrintStats() => Console.WriteLine(FormattableString.Invariant(
    $"stats: gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)} ") + FormattableString.Invariant(
    $"allocated {GC.GetTotalAllocatedBytes()} pause_ms {GC.GetTotalPauseDuration().TotalMilliseconds:F1}"));
