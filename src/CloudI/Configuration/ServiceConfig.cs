using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// One validated service entry of the configuration or of a <c>services_add</c> call, with the
/// defaults of the proplist form for anything not given.
/// </summary>
public abstract record ServiceConfig
{
    /// <summary>The default for the three configured timeouts, in ms.</summary>
    public const uint DefaultTimeout = 5000;

    /// <summary>The default MaxR.</summary>
    public const int DefaultMaxR = 5;

    /// <summary>The default MaxT, in seconds.</summary>
    public const int DefaultMaxT = 300;

    /// <summary>The name prefix all subscriptions are relative to (a valid 1.5.3 pattern; default "/").</summary>
    public string Prefix { get; init; } = "/";

    /// <summary>The destination refresh method (default immediate_closest).</summary>
    public DestRefresh DestRefresh { get; init; } = DestRefresh.Default;

    /// <summary>Time allowed for initialization, in ms (100 &lt; t ≤ 4294967195).</summary>
    public uint TimeoutInit { get; init; } = DefaultTimeout;

    /// <summary>Default timeout of asynchronous sends, in ms.</summary>
    public uint TimeoutAsync { get; init; } = DefaultTimeout;

    /// <summary>Default timeout of synchronous sends and recv_async, in ms.</summary>
    public uint TimeoutSync { get; init; } = DefaultTimeout;

    /// <summary>Destinations the service may not send to, or null for no constraint.</summary>
    public AclSpec? DestListDeny { get; init; }

    /// <summary>The only destinations the service may send to, or null for no constraint.</summary>
    public AclSpec? DestListAllow { get; init; }

    /// <summary>How many processes (internal) or OS processes (external) run the service.</summary>
    public ProcessCount CountProcess { get; init; } = ProcessCount.Exactly(1);

    /// <summary>Maximum restarts within <see cref="MaxT"/> (§9.1).</summary>
    public int MaxR { get; init; } = DefaultMaxR;

    /// <summary>The restart period in seconds (§9.1).</summary>
    public int MaxT { get; init; } = DefaultMaxT;

    /// <summary>The validated service options.</summary>
    public ServiceOptions Options { get; init; } = ServiceOptions.Default;

    /// <summary>The termination timeout in ms: the explicit option, else the §9.2 default.</summary>
    public uint TimeoutTerminate { get; init; } = TerminateTimeout.Default(DefaultMaxR, DefaultMaxT);

    /// <summary>Where the entry starts in the configuration file; null for entries not read from a file.</summary>
    public SourcePosition? Position { get; init; }
}
