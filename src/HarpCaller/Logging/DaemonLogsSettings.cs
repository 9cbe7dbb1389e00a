namespace HarpCaller.Logging;

/// <summary>Where <see cref="DaemonLogs"/> sends things; the defaults are the real daemon's.</summary>
public sealed record DaemonLogsSettings
{
    /// <summary>The syslog datagram socket for <c>harpcaller_syslog_h</c>.</summary>
    public string SyslogSocketPath { get; init; } = "/dev/log";

    /// <summary>Output of <c>harpcaller_stdout_h</c>; null = standard output.</summary>
    public TextWriter? Stdout { get; init; }

    /// <summary>Where the sinks report their own trouble (once each); null = standard error.</summary>
    public TextWriter? Stderr { get; init; }

    /// <summary>Clock for timestamps and syslog reconnection pacing.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>After a syslog failure, reconnect at most this often.</summary>
    public TimeSpan SyslogReconnectInterval { get; init; } = TimeSpan.FromSeconds(1);
}
