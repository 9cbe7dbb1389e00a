using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// A service's options proplist (the last element of a service entry), validated, with the
/// CloudI 1.5.3 defaults for everything not given (semantics §13).
/// </summary>
public sealed record ServiceOptions
{
    /// <summary>The options of <c>[]</c>: every default.</summary>
    public static ServiceOptions Default { get; } = new();

    /// <summary>Default priority of sends (−128 highest … 127 lowest); also an INIT field.</summary>
    public int PriorityDefault { get; init; }

    /// <summary>Most requests queued while busy (0: never queue); null for no limit.</summary>
    public int? QueueLimit { get; init; }

    /// <summary>Most bytes queued while busy (configured in KiB, stored ×1024); null for no limit.</summary>
    public long? QueueSizeBytes { get; init; }

    /// <summary>The incoming request rate limit, or null for none.</summary>
    public RateRequestMax? RateRequestMax { get; init; }

    /// <summary>Delay in ms before the first lazy registry snapshot (default 500).</summary>
    public uint DestRefreshStart { get; init; } = 500;

    /// <summary>Period in ms of lazy registry snapshots (default 300000).</summary>
    public uint DestRefreshDelay { get; init; } = 300000;

    /// <summary>Whether a failed lookup is retried (default sync).</summary>
    public RequestNameLookup RequestNameLookup { get; init; } = RequestNameLookup.Sync;

    /// <summary>Whether handler time is taken off an unchanged returned/forwarded timeout (§5.3).</summary>
    public bool RequestTimeoutAdjustment { get; init; }

    /// <summary>Requests with a longer timeout monitor their destination (§5.5; default 20000).</summary>
    public uint RequestTimeoutImmediateMax { get; init; } = 20000;

    /// <summary>Whether the sender's remaining time is the response lifetime (§5.4).</summary>
    public bool ResponseTimeoutAdjustment { get; init; }

    /// <summary>Null responses with a longer timeout are delivered, others discarded (§5.6; default 20000).</summary>
    public uint ResponseTimeoutImmediateMax { get; init; } = 20000;

    /// <summary>Dynamic process count settings, or null when off (the default).</summary>
    public CountProcessDynamic? CountProcessDynamic { get; init; }

    /// <summary>The explicit <c>timeout_terminate</c> in ms, or null when derived (see <see cref="ServiceConfig.TimeoutTerminate"/>).</summary>
    public uint? TimeoutTerminate { get; init; }

    /// <summary>The registry scope the service subscribes and looks up in (default "default").</summary>
    public string Scope { get; init; } = "default";

    /// <summary>Added request latency for testing, or null when off.</summary>
    public MonkeyLatency? MonkeyLatency { get; init; }

    /// <summary>Random service termination for testing, or null when off.</summary>
    public MonkeyChaos? MonkeyChaos { get; init; }

    /// <summary>Aspects run after initialization, as configured (<c>{Module, Function}</c> or other terms).</summary>
    public IReadOnlyList<ErlangTerm> AspectsInitAfter { get; init; } = [];

    /// <summary>Aspects run before each request handler, as configured.</summary>
    public IReadOnlyList<ErlangTerm> AspectsRequestBefore { get; init; } = [];

    /// <summary>Aspects run after each request handler, as configured.</summary>
    public IReadOnlyList<ErlangTerm> AspectsRequestAfter { get; init; } = [];

    /// <summary>Aspects run before each info handler (internal services), as configured.</summary>
    public IReadOnlyList<ErlangTerm> AspectsInfoBefore { get; init; } = [];

    /// <summary>Aspects run after each info handler (internal services), as configured.</summary>
    public IReadOnlyList<ErlangTerm> AspectsInfoAfter { get; init; } = [];

    /// <summary>Aspects run before termination, as configured.</summary>
    public IReadOnlyList<ErlangTerm> AspectsTerminateBefore { get; init; } = [];

    /// <summary>Resource limits for an external service's OS processes (empty: none).</summary>
    public IReadOnlyList<RLimit> Limit { get; init; } = [];

    /// <summary>True for <c>{limit, system}</c>: apply the runtime-wide limits instead of <see cref="Limit"/>.</summary>
    public bool LimitSystem { get; init; }

    /// <summary>The user/group an external service's OS processes run as, or null to keep the runtime's.</summary>
    public OwnerSpec? Owner { get; init; }

    /// <summary>The working directory of an external service's OS processes (before <c>$VAR</c> substitution), or null.</summary>
    public string? Directory { get; init; }

    /// <summary>The wire flavour override of an external service (<c>api_version</c>, e.g. "1.5.3" or "2.0.7"), or null for the runtime default.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>
    /// The Erlang-VM-only options that were given (<c>duo_mode</c>, <c>hibernate</c>, …) in the
    /// order given, so the runtime can log one "no effect" notice for each. Aspect options are
    /// not listed: they are kept in the <c>Aspects*</c> lists for the runtime to map or report.
    /// </summary>
    public IReadOnlyList<string> IgnoredOptions { get; init; } = [];
}
