using System.Diagnostics;

namespace CloudI.ApiBench;

/// <summary>
/// CPU seconds (user + system) of this process and of its child processes (the external
/// service) over the measured run, from /proc. On a shared machine the throughput varies with
/// the neighbours' load; CPU time per request says what a request costs regardless.
/// </summary>
public sealed class CpuTimes
{
    private readonly TimeSpan _self;
    private readonly Dictionary<int, double> _children;

    private CpuTimes(TimeSpan self, Dictionary<int, double> children)
    {
        _self = self;
        _children = children;
    }

    /// <summary>Takes the starting sample.</summary>
    public static CpuTimes Start() => new(Process.GetCurrentProcess().TotalProcessorTime, ChildSeconds());

    /// <summary>CPU seconds since <see cref="Start"/>: this process, its children.</summary>
    public (double Self, double Children) Stop()
    {
        double self = (Process.GetCurrentProcess().TotalProcessorTime - _self).TotalSeconds;
        double children = ChildSeconds().Sum(c => c.Value - _children.GetValueOrDefault(c.Key));
        return (self, children);
    }

    /// <summary>utime + stime of every direct child, by pid (0 where /proc is not there).</summary>
    private static Dictionary<int, double> ChildSeconds()
    {
        var result = new Dictionary<int, double>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return result;
        }

        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            string file = Path.Combine(task, "children");
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (string pid in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    // Fields after the ")" of comm: state is field 3, utime 14, stime 15.
                    string stat = File.ReadAllText($"/proc/{pid}/stat");
                    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    double ticks = double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                        + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                    result[int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)] = ticks / 100.0;
                }
                catch (IOException)
                {
                    // The child ended meanwhile.
                }
            }
        }

        return result;
    }
}
