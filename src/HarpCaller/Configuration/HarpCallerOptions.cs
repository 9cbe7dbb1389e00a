using System.Security.Authentication;

namespace HarpCaller.Configuration;

/// <summary>
/// The dispatcher's validated configuration: the manual's main section plus our additions.
/// Defaults are the manual's example values where it gives one.
/// </summary>
public sealed record HarpCallerOptions
{
    /// <summary>Client protocol listen addresses, "bind:port" with bind a host, IP or "*".</summary>
    public IReadOnlyList<ListenAddress> Listen { get; init; } = [new ListenAddress("*", 3502)];

    /// <summary>PEM file of CAs a harpd certificate may chain to; null = rule not in force.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file of whitelisted harpd leaf certificates; null = rule not in force.</summary>
    public string? KnownCertsFile { get; init; }

    /// <summary>Directory holding the job store (SQLite database and its WAL).</summary>
    public string StreamDirectory { get; init; } = "/var/lib/harpcaller/stream/";

    /// <summary>Default longest wait between two daemon messages; a request may ask for longer.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Cap on a job's total run time; a request may only lower it.</summary>
    public TimeSpan MaxExecTime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Jobs older than this are pruned automatically; null = never (manual: hours).</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Hosts registry filler script, executed directly; null = no script (registry from host_db only).</summary>
    public string? HostDbScript { get; init; }

    /// <summary>File the hosts registry is persisted to (holds credentials: created 0600).</summary>
    public string HostDb { get; init; } = "/var/lib/harpcaller/hosts.db";

    /// <summary>Period of running the filler script.</summary>
    public TimeSpan HostDbRefresh { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>Log handler names as written in the file (harpcaller_stdout_h, harpcaller_syslog_h).</summary>
    public IReadOnlyList<string> LogHandlers { get; init; } = ["harpcaller_syslog_h"];

    /// <summary>Lowest TLS version offered to harpd. 1.0 is opt-in: the original harpd speaks only TLS 1.0.</summary>
    public HarpdTlsVersion HarpdTlsMinVersion { get; init; } = HarpdTlsVersion.Tls12;

    /// <summary>Client protocol limits (not in the manual; documented defaults).</summary>
    public ClientLimits ClientLimits { get; init; } = new();

    /// <summary>The [erlang] section: accepted and validated; node networking does not exist yet.</summary>
    public ErlangOptions Erlang { get; init; } = new();
}

/// <summary>One "bind:port" listen address. Host "*" binds every address.</summary>
public sealed record ListenAddress(string Host, int Port)
{
    /// <inheritdoc />
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

/// <summary>TLS versions selectable by harpd_tls_min_version.</summary>
public enum HarpdTlsVersion
{
    /// <summary>"1.0"</summary>
    Tls10,
    /// <summary>"1.1"</summary>
    Tls11,
    /// <summary>"1.2" (default)</summary>
    Tls12,
    /// <summary>"1.3"</summary>
    Tls13,
}

/// <summary>Caps on the client protocol port.</summary>
public sealed record ClientLimits
{
    /// <summary>Longest request line; 1 MiB by the spec, enough for any sane argument list.</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>A client silent this long is disconnected (spec default 60 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cap on concurrently open client connections; more wait in the listen backlog.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Live packets buffered per follower; one that falls further behind reads the
    /// missing packets from the store instead, so a slow client never pins unbounded memory.</summary>
    public int FollowerMailbox { get; init; } = 4_096;
}

/// <summary>The manual's [erlang] section.</summary>
public sealed record ErlangOptions
{
    /// <summary>Node name.</summary>
    public string NodeName { get; init; } = "harpcaller";

    /// <summary>"longnames" or "shortnames".</summary>
    public string NameType { get; init; } = "longnames";

    /// <summary>File with the node cookie; null = none.</summary>
    public string? CookieFile { get; init; }

    /// <summary>Start node networking at start-up instead of on dist-erl-start.</summary>
    public bool DistributedImmediate { get; init; }

    /// <summary>The runtime's own event log file; null = none.</summary>
    public string? LogFile { get; init; }
}
