using System.Diagnostics;

namespace CloudI.ApiBench;

/// <summary>Round-trip times of all senders (stopwatch ticks), one list per sender so recording needs no lock.</summary>
public sealed class LatencySeries
{
    private readonly List<List<long>> _series = [];

    /// <summary>A list owned by one sender.</summary>
    public List<long> NewSender()
    {
        var list = new List<long>(1 << 18);
        lock (_series)
        {
            _series.Add(list);
        }

        return list;
    }

    /// <summary>The fewest and the most round trips one sender made (how evenly the senders were served).</summary>
    public (int Min, int Max) PerSender()
    {
        lock (_series)
        {
            return _series.Count == 0 ? (0, 0) : (_series.Min(s => s.Count), _series.Max(s => s.Count));
        }
    }

    /// <summary>p50, p99 and max in milliseconds over every sender.</summary>
    public (double P50, double P99, double Max) Percentiles()
    {
        long[] all = [.. _series.SelectMany(s => s)];
        if (all.Length == 0)
        {
            return (0, 0, 0);
        }

        Array.Sort(all);
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return (Ms(all[all.Length / 2]), Ms(all[(int)(all.Length * 0.99)]), Ms(all[^1]));
    }
}
