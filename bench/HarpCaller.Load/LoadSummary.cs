using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HarpCaller.Load;

/// <summary>The merged result of a run, printed as readable lines and one JSON line.</summary>
internal sealed record LoadSummary(
    LoadOptions Options,
    TimeSpan Elapsed,
    long Iterations,
    long Succeeded,
    long Packets,
    IReadOnlyDictionary<string, long> Failures,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs)
{
    public static LoadSummary Merge(LoadOptions options, TimeSpan elapsed, IReadOnlyList<WorkerStats> workers)
    {
        var samples = workers.SelectMany(w => w.LatencyTicks).ToArray();
        Array.Sort(samples);
        var failures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<FailureKind>().Where(k => k != FailureKind.None))
        {
            failures[ToSnake(kind)] = workers.Sum(w => w.Failures[(int)kind]);
        }

        return new LoadSummary(
            options,
            elapsed,
            workers.Sum(w => w.Iterations),
            workers.Sum(w => w.Failures[(int)FailureKind.None]),
            workers.Sum(w => w.Packets),
            failures,
            Percentile(samples, 0.50),
            Percentile(samples, 0.95),
            Percentile(samples, 0.99),
            samples.Length == 0 ? 0 : TicksToMs(samples[^1]));
    }

    public long FailedTotal => Failures.Values.Sum();

    public double Throughput => Elapsed.TotalSeconds > 0 ? Succeeded / Elapsed.TotalSeconds : 0;

    public double PacketsPerSecond => Elapsed.TotalSeconds > 0 ? Packets / Elapsed.TotalSeconds : 0;

    public void Print(TextWriter output)
    {
        var unit = Options.Mode == LoadMode.EndToEnd ? "calls" : "requests";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mode {ModeName(Options.Mode)}, {Options.Clients} clients, {Elapsed.TotalSeconds:0.00} s, server {Options.Server}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Succeeded} {unit} ok, {FailedTotal} failed, {Throughput:0.0} {unit}/s"));
        if (Options.Mode == LoadMode.ReadStream)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Packets} packets, {PacketsPerSecond:0.0} packets/s"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  latency ms: p50 {P50Ms:0.000}  p95 {P95Ms:0.000}  p99 {P99Ms:0.000}  max {MaxMs:0.000}"));
        output.WriteLine("  failures: " + string.Join(", ", Failures.Select(f => $"{f.Key} {f.Value}")));

        var json = new Dictionary<string, object?>
        {
            ["mode"] = ModeName(Options.Mode),
            ["server"] = Options.Server.ToString(),
            ["clients"] = Options.Clients,
            ["elapsed_s"] = Math.Round(Elapsed.TotalSeconds, 3),
            ["iterations"] = Iterations,
            ["ok"] = Succeeded,
            ["failed"] = FailedTotal,
            ["per_second"] = Math.Round(Throughput, 1),
            ["packets"] = Packets,
            ["packets_per_second"] = Math.Round(PacketsPerSecond, 1),
            ["latency_ms"] = new Dictionary<string, double>
            {
                ["p50"] = Math.Round(P50Ms, 3),
                ["p95"] = Math.Round(P95Ms, 3),
                ["p99"] = Math.Round(P99Ms, 3),
                ["max"] = Math.Round(MaxMs, 3),
            },
            ["failures"] = Failures,
        };
        output.WriteLine(JsonSerializer.Serialize(json));
    }

    public static string ModeName(LoadMode mode) => mode switch
    {
        LoadMode.Submit => "submit",
        LoadMode.Status => "status",
        LoadMode.ReadStream => "read_stream",
        _ => "e2e",
    };

    private static double Percentile(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        // Nearest-rank: the smallest sample with at least this share of samples at or below it.
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return TicksToMs(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string ToSnake(FailureKind kind) => kind switch
    {
        FailureKind.Connect => "connect",
        FailureKind.Timeout => "timeout",
        FailureKind.Closed => "closed",
        FailureKind.BadReply => "bad_reply",
        FailureKind.ErrorReply => "error_reply",
        FailureKind.Lost => "lost_results",
        _ => kind.ToString(),
    };
}
