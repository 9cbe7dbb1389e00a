using CloudI.Configuration;
using CloudI.Examples;
using CloudI.Http;
using CloudI.Runtime;
using Erlang.Terms;

// The HTTP front benchmark host: a runtime with the front on 127.0.0.1:PORT (default 6464,
// text_pairs, timeout_sync 30000 as in the stock configuration) and the C# http_req service
// under /tests/http_req/ (so GET /tests/http_req/csharp.xml?value=42 is answered). Runs until
// stdin closes or SIGTERM/Ctrl+C.
int port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 6464;
// FRONT_ARGS: extra front arguments for experiments, e.g. "{max_keepalive, 1000000}".
string extra = Environment.GetEnvironmentVariable("FRONT_ARGS") is { Length: > 0 } more ? ", " + more : "";
await using var runtime = new CloudIRuntime(new CloudIRuntimeOptions());
HttpFrontService.Register(runtime);
await runtime.AddServiceAsync(new InternalServiceConfig
{
    Module = typeof(HttpReqService).FullName!,
    Prefix = "/tests/http_req/",
});
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
_ = Task.Run(() =>
{
    while (Console.In.Read() >= 0)
    {
    }

    stop.TrySetResult();
});
await stop.Task;
Console.WriteLine($"gc: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, " +
    $"allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB, pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
await runtime.StopAsync();
