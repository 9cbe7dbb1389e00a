using System.Diagnostics;

namespace CloudI.ExternalBench;

/// <summary>Round-trip latencies (stopwatch ticks) of all senders, one list per sender.</summary>
public sealed class LatencySeries
{
    private readonly List<List<long>> _series = [];
    private readonly object _gate = new();

    /// <summary>A list owned by one sender (no locking while recording).</summary>
    public List<long> NewSeries()
    {
        var series = new List<long>(1 << 16);
        lock (_gate)
        {
            _series.Add(series);
        }

        return series;
    }

    /// <summary>The number of recorded round trips.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _series.Sum(s => (long)s.Count);
            }
        }
    }

    /// <summary>The median, 99th percentile and maximum in milliseconds.</summary>
    public (double P50, double P99, double Max) Percentiles()
    {
        long[] all;
        lock (_gate)
        {
            all = [.. _series.SelectMany(s => s)];
        }

        if (all.Length == 0)
        {
            return (0, 0, 0);
        }

        Array.Sort(all);
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return (Ms(all[all.Length / 2]), Ms(all[(int)(all.Length * 0.99)]), Ms(all[^1]));
    }
}
