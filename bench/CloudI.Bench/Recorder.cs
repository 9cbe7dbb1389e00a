using System.Collections.Concurrent;
using System.Diagnostics;

namespace CloudI.Bench;

/// <summary>Collects per-sender latency series (stopwatch ticks) and failures.</summary>
public sealed class Recorder
{
    private readonly ConcurrentBag<List<long>> _series = [];
    private long _failures;

    /// <summary>Failed operations.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>A series owned by one sender.</summary>
    public List<long> NewSeries()
    {
        var series = new List<long>(1 << 16);
        _series.Add(series);
        return series;
    }

    /// <summary>Counts a failure.</summary>
    public void Failed() => Interlocked.Increment(ref _failures);

    /// <summary>The percentile in milliseconds over every series.</summary>
    public (double P50, double P99, double Max) Percentiles()
    {
        long[] all = [.. _series.SelectMany(s => s)];
        if (all.Length == 0)
        {
            return (0, 0, 0);
        }

        Array.Sort(all);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return (Ms(all[all.Length / 2]), Ms(all[(int)(all.Length * 0.99)]), Ms(all[^1]));
    }
}
