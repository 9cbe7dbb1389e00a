using System.Diagnostics;

namespace HarpCaller.Load;

/// <summary>One worker's counters and latency samples; merged after the run, so no locking.</summary>
internal sealed class WorkerStats
{
    // 2 M samples per worker (16 MB) bounds memory on a 120 s run at any realistic rate.
    private const int MaxSamples = 2_000_000;

    public List<long> LatencyTicks { get; } = new(4096);

    public long[] Failures { get; } = new long[Enum.GetValues<FailureKind>().Length];

    public long Iterations { get; private set; }

    public long Packets { get; set; }

    public void Record(long startTimestamp, FailureKind outcome)
    {
        Iterations++;
        Failures[(int)outcome]++;
        if (outcome == FailureKind.None && LatencyTicks.Count < MaxSamples)
        {
            LatencyTicks.Add(Stopwatch.GetTimestamp() - startTimestamp);
        }
    }
}
