namespace Syslog;

using Microsoft.Extensions.Logging;

/// <summary>Settings of <see cref="SyslogLoggerProvider"/>.</summary>
public sealed record SyslogSinkOptions
{
    /// <summary>The local syslog daemon's datagram socket.</summary>
    public string SocketPath { get; init; } = "/dev/log";

    /// <summary>RFC 5424 APP-NAME; also names the process in the warning on standard error.</summary>
    public string AppName { get; init; } = "harpcallerd";

    /// <summary>The syslog facility number, 0–23 (default 3, daemon).</summary>
    public int Facility { get; init; } = SyslogMessage.DaemonFacility;

    /// <summary>The least severe level sent; <see cref="LogLevel.None"/> sends nothing.</summary>
    public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

    /// <summary>RFC 5424 HOSTNAME; null = this machine's host name.</summary>
    public string? HostName { get; init; }

    /// <summary>RFC 5424 PROCID; null = this process's id.</summary>
    public int? ProcessId { get; init; }

    /// <summary>Upper bound of one datagram; longer messages are cut on a UTF-8 character boundary.</summary>
    public int MaxDatagramBytes { get; init; } = 8 * 1024;

    /// <summary>After a failure, the socket is connected again at most this often.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock giving timestamps and pacing reconnection.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the first failure is reported; null = standard error.</summary>
    public TextWriter? Error { get; init; }
}
