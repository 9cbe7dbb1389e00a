namespace HarpCaller.Configuration.Internal;

/// <summary>The configuration file's key names, in one place so the loader and its checks cannot drift apart.</summary>
internal static class ConfigKeys
{
    internal const string Listen = "listen";
    internal const string CaFile = "ca_file";
    internal const string KnownCertsFile = "known_certs_file";
    internal const string StreamDirectory = "stream_directory";
    internal const string DefaultTimeout = "default_timeout";
    internal const string MaxExecTime = "max_exec_time";
    internal const string MaxAge = "max_age";
    internal const string HostDbScript = "host_db_script";
    internal const string HostDb = "host_db";
    internal const string HostDbRefresh = "host_db_refresh";
    internal const string LogHandlers = "log_handlers";
    internal const string HarpdTlsMinVersion = "harpd_tls_min_version";
    internal const string ClientMaxLineBytes = "client_max_line_bytes";
    internal const string ClientIdleTimeout = "client_idle_timeout";
    internal const string ErlangSection = "erlang";

    internal const string NodeName = "node_name";
    internal const string NameType = "name_type";
    internal const string CookieFile = "cookie_file";
    internal const string DistributedImmediate = "distributed_immediate";
    internal const string LogFile = "log_file";
    // In the original project's example file; names Erlang error_logger modules, meaningless here.
    internal const string ErrorLoggerHandlers = "error_logger_handlers";

    /// <summary>Keys of the main section (the [erlang] table included).</summary>
    internal static readonly string[] Main =
    [
        Listen, CaFile, KnownCertsFile, StreamDirectory, DefaultTimeout, MaxExecTime, MaxAge, HostDbScript, HostDb,
        HostDbRefresh, LogHandlers, HarpdTlsMinVersion, ClientMaxLineBytes, ClientIdleTimeout, ErlangSection,
    ];

    /// <summary>Keys of the [erlang] section.</summary>
    internal static readonly string[] Erlang = [NodeName, NameType, CookieFile, DistributedImmediate, LogFile, ErrorLoggerHandlers];
}
