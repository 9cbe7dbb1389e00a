// Interim shapes of the configuration model, replaced by the parser's own files when they land.
using CloudI.Subscriptions;
using Erlang.Terms;

namespace CloudI.Configuration;

public enum DestRefreshMode { Immediate, Lazy, None }

public readonly record struct DestRefresh(DestRefreshMode Mode, DestinationRule Rule)
{
    public static DestRefresh Default => new(DestRefreshMode.Immediate, DestinationRule.Closest);
}

public enum RequestNameLookup { Sync, Async }

public readonly record struct ProcessCount(double Value, bool IsMultiplier)
{
    public static ProcessCount Exactly(int n) => new(n, false);

    public int Resolve(int cpus) => IsMultiplier ? Math.Max(1, (int)(Value * cpus)) : (int)Value;
}

public sealed record RateRequestMax(double PeriodSeconds, double Value);

public sealed record CountProcessDynamic(double PeriodSeconds, double RateRequestMax, double RateRequestMin, ProcessCount CountMax, ProcessCount CountMin);

public sealed record MonkeyLatency(double? UniformMin, double? UniformMax, double? GaussianMean, double? GaussianStdDev, double? Absolute, bool System);

public sealed record MonkeyChaos(double? ProbabilityRequest, double? ProbabilityDay, bool System);

public sealed record ServiceOptions
{
    public static ServiceOptions Default { get; } = new();
    public int PriorityDefault { get; init; }
    public int? QueueLimit { get; init; }
    public long? QueueSizeBytes { get; init; }
    public RateRequestMax? RateRequestMax { get; init; }
    public uint DestRefreshStart { get; init; } = 500;
    public uint DestRefreshDelay { get; init; } = 300000;
    public RequestNameLookup RequestNameLookup { get; init; }
    public bool RequestTimeoutAdjustment { get; init; }
    public uint RequestTimeoutImmediateMax { get; init; } = 20000;
    public bool ResponseTimeoutAdjustment { get; init; }
    public uint ResponseTimeoutImmediateMax { get; init; } = 20000;
    public CountProcessDynamic? CountProcessDynamic { get; init; }
    public uint? TimeoutTerminate { get; init; }
    public string Scope { get; init; } = "default";
    public MonkeyLatency? MonkeyLatency { get; init; }
    public MonkeyChaos? MonkeyChaos { get; init; }
    public IReadOnlyList<ErlangTerm> AspectsInitAfter { get; init; } = [];
    public IReadOnlyList<ErlangTerm> AspectsRequestBefore { get; init; } = [];
    public IReadOnlyList<ErlangTerm> AspectsRequestAfter { get; init; } = [];
    public IReadOnlyList<ErlangTerm> AspectsInfoBefore { get; init; } = [];
    public IReadOnlyList<ErlangTerm> AspectsInfoAfter { get; init; } = [];
    public IReadOnlyList<ErlangTerm> AspectsTerminateBefore { get; init; } = [];
    public IReadOnlyList<string> IgnoredOptions { get; init; } = [];
}

public sealed record AclSpec(IReadOnlyList<ErlangTerm> Entries);

public sealed class AclTable
{
    public IReadOnlyList<string> Resolve(AclSpec spec) =>
        [.. spec.Entries.Select(e => e is ErlangList l && l.TryGetString(out string s) ? (s.Contains('*') ? s : s + "*") : throw new InvalidOperationException("interim"))];
}

public abstract record ServiceConfig
{
    public string Prefix { get; init; } = "/";
    public DestRefresh DestRefresh { get; init; } = DestRefresh.Default;
    public uint TimeoutInit { get; init; } = 5000;
    public uint TimeoutAsync { get; init; } = 5000;
    public uint TimeoutSync { get; init; } = 5000;
    public AclSpec? DestListDeny { get; init; }
    public AclSpec? DestListAllow { get; init; }
    public ProcessCount CountProcess { get; init; } = ProcessCount.Exactly(1);
    public int MaxR { get; init; } = 5;
    public int MaxT { get; init; } = 300;
    public ServiceOptions Options { get; init; } = ServiceOptions.Default;
    public uint TimeoutTerminate { get; init; } = 59900;
    public SourcePosition? Position { get; init; }
}

public sealed record InternalServiceConfig : ServiceConfig
{
    public string Module { get; init; } = "";
    public IReadOnlyList<ErlangTerm> Args { get; init; } = [];
}

public sealed class RestartTracker(int maxR, int maxT, TimeProvider clock)
{
    private readonly List<long> _times = [];
    public int Restarts { get; private set; }
    public bool TryRestart()
    {
        long now = clock.GetUtcNow().ToUnixTimeSeconds();
        while (true)
        {
            if (maxR == 0) return false;
            if (Restarts == 0) { Restarts = 1; _times.Clear(); _times.Add(now); return true; }
            if (Restarts == maxR)
            {
                var kept = _times.Where(t => now - t >= 0 && now - t <= maxT).ToList();
                if (kept.Count < Restarts) { Restarts = kept.Count; _times.Clear(); _times.AddRange(kept); continue; }
                return false;
            }
            Restarts++; _times.Insert(0, now); return true;
        }
    }
}

public sealed class CloudIConfigException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
