using HarpCaller.Configuration;
using Microsoft.Extensions.Logging;
using Syslog;

namespace HarpCaller.Logging;

/// <summary>
/// The daemon's logging, from <c>log_handlers</c> (<c>harpcaller_stdout_h</c>,
/// <c>harpcaller_syslog_h</c>) and <c>[erlang] log_file</c>. <see cref="Apply"/> switches sinks
/// live: loggers already handed out by <see cref="Factory"/> follow.
/// </summary>
public sealed class DaemonLogs : IDisposable
{
    /// <summary>Handler name: human-readable lines on standard output.</summary>
    public const string StdoutHandler = "harpcaller_stdout_h";

    /// <summary>Handler name: RFC 5424 messages to local syslog.</summary>
    public const string SyslogHandler = "harpcaller_syslog_h";

    // Categories whose Information events belong to the runtime's event log.
    private static readonly string[] LifecycleCategories = ["harpcallerd", "HarpCaller.Hosting", "HarpCaller.Control"];

    private readonly DaemonLogsSettings _settings;
    private readonly SwitchingLoggerFactory _factory;
    private readonly Lock _gate = new();
    private StdoutLoggerProvider? _stdout;
    private SyslogLoggerProvider? _syslog;
    private LogFileProvider? _file;
    private bool _disposed;

    private DaemonLogs(DaemonLogsSettings settings, LogLevel minimum)
    {
        _settings = settings;
        _factory = new SwitchingLoggerFactory(minimum, Dispose);
    }

    /// <summary>
    /// Builds the logging for <paramref name="options"/>; <paramref name="debug"/> lowers the
    /// minimum level from Information to Debug. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when <c>log_file</c> cannot be opened.
    /// </summary>
    public static DaemonLogs Create(HarpCallerOptions options, bool debug, DaemonLogsSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logs = new DaemonLogs(settings ?? new DaemonLogsSettings(), debug ? LogLevel.Debug : LogLevel.Information);
        try
        {
            logs.Apply(options);
        }
        catch
        {
            logs.Dispose();
            throw;
        }

        return logs;
    }

    /// <summary>The loggers; disposing the factory disposes these logs.</summary>
    public ILoggerFactory Factory => _factory;

    /// <summary>The log file in use (full path); null when <c>log_file</c> is not set.</summary>
    public string? LogFilePath
    {
        get
        {
            lock (_gate)
            {
                return _file?.Path;
            }
        }
    }

    /// <summary>
    /// Whether an event goes to the log file: Warning and above from anywhere, and Information
    /// from the daemon-lifecycle categories (<c>harpcallerd*</c>, <c>HarpCaller.Hosting*</c>,
    /// <c>HarpCaller.Control*</c>): start-up, stop, reload, crashes, not the per-job chatter.
    /// </summary>
    public static bool IsEventLogEvent(string category, LogLevel level)
    {
        if (level == LogLevel.None) return false;
        if (level >= LogLevel.Warning) return true;
        if (level != LogLevel.Information) return false;
        foreach (var prefix in LifecycleCategories)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    /// <summary>
    /// Switches to the handlers and log file of <paramref name="options"/>. A sink kept across the
    /// switch is not reopened. If a new log file cannot be opened nothing changes and the
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> is thrown.
    /// </summary>
    public void Apply(HarpCallerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var path = options.Erlang.LogFile is { Length: > 0 } configured ? Path.GetFullPath(configured) : null;

            // The only step that can fail comes first, so that a failure leaves everything as it was.
            var file = path == _file?.Path ? _file : path is null ? null : new LogFileProvider(path, IsEventLogEvent, QueueOptions());
            var stdout = options.LogHandlers.Contains(StdoutHandler, StringComparer.Ordinal)
                ? _stdout ?? new StdoutLoggerProvider(_settings.Stdout, QueueOptions())
                : null;
            var syslog = options.LogHandlers.Contains(SyslogHandler, StringComparer.Ordinal)
                ? _syslog ?? new SyslogLoggerProvider(new SyslogSinkOptions
                {
                    SocketPath = _settings.SyslogSocketPath,
                    TimeProvider = _settings.TimeProvider,
                    ReconnectInterval = _settings.SyslogReconnectInterval,
                    Error = _settings.Stderr,
                })
                : null;

            var retired = new List<IDisposable>();
            if (_stdout is not null && _stdout != stdout) retired.Add(_stdout);
            if (_syslog is not null && _syslog != syslog) retired.Add(_syslog);
            if (_file is not null && _file != file) retired.Add(_file);
            (_stdout, _syslog, _file) = (stdout, syslog, file);

            var providers = new List<ILoggerProvider>(3);
            if (stdout is not null) providers.Add(stdout);
            if (syslog is not null) providers.Add(syslog);
            if (file is not null) providers.Add(file);
            _factory.SetProviders(providers);

            // Retired sinks write what they queued; an event racing the switch may still be dropped.
            foreach (var sink in retired) sink.Dispose();
        }
    }

    /// <summary>
    /// <c>reopen-logs</c>: closes the log file and opens its path again (logrotate). No-op when
    /// <c>log_file</c> is not set. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when the path cannot be opened (the old file stays in use).
    /// </summary>
    public void ReopenLogFile()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file?.Reopen();
        }
    }

    /// <summary>Stops logging, writes what the sinks queued and closes them.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _factory.Dispose(); // calls back here; _disposed makes that a no-op
        lock (_gate)
        {
            _stdout?.Dispose();
            _syslog?.Dispose();
            _file?.Dispose();
            (_stdout, _syslog, _file) = (null, null, null);
        }
    }

    private LogQueueOptions QueueOptions() => new()
    {
        TimeProvider = _settings.TimeProvider,
        Error = _settings.Stderr,
    };
}
