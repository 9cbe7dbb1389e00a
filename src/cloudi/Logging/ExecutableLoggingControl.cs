using CloudI.Configuration;
using CloudI.Runtime;
using Erlang.Terms;
using Microsoft.Extensions.Logging;
using Syslog;

namespace CloudI.Executable.Logging;

/// <summary>
/// The Service API's <c>logging_*</c> functions applied to this process's logging: the log file
/// is switched, the level takes effect at once (for every logger already created), and syslog
/// sends RFC 5424 datagrams to the local syslog socket. Formatters and the redirect node are
/// validated by the API and stored: a single-node runtime has no node to redirect to, and
/// formatters name Erlang modules.
/// </summary>
internal sealed class ExecutableLoggingControl : ILoggingControl, ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly LogSinks _sinks;
    private readonly LineLoggerProvider _lines;
    private readonly string _configDirectory;
    private readonly string _syslogSocket;
    private LoggingSettings _current;
    private SyslogLoggerProvider? _syslog;

    /// <summary>Creates the control over the sinks and the line provider the process logs through.</summary>
    /// <param name="sinks">Standard output and the log file.</param>
    /// <param name="lines">The line provider whose level is changed.</param>
    /// <param name="initial">The settings the configuration file asked for.</param>
    /// <param name="configDirectory">Relative log file names are resolved against this directory.</param>
    /// <param name="syslogSocket">The local syslog socket (default <c>/dev/log</c>).</param>
    public ExecutableLoggingControl(LogSinks sinks, LineLoggerProvider lines, LoggingSettings initial, string configDirectory,
        string syslogSocket = "/dev/log")
    {
        _sinks = sinks;
        _lines = lines;
        _current = initial;
        _configDirectory = configDirectory;
        _syslogSocket = syslogSocket;
        if (initial.Syslog is { } syslog)
        {
            _syslog = CreateSyslog(syslog);
        }
    }

    /// <inheritdoc />
    public LoggingSettings Defaults => LoggingSettings.Default;

    /// <inheritdoc />
    public LoggingSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <inheritdoc />
    public string? SetFile(string? path)
    {
        string? full = path is null ? null : Path.GetFullPath(path, _configDirectory);
        lock (_gate)
        {
            Exception? failure = _sinks.SwitchTo(full);
            if (failure is not null)
            {
                return failure switch
                {
                    UnauthorizedAccessException => "eacces",
                    DirectoryNotFoundException or FileNotFoundException => "enoent",
                    PathTooLongException => "enametoolong",
                    _ => "eio",
                };
            }

            _current = _current with { File = path };
            return null;
        }
    }

    /// <inheritdoc />
    public void SetLevel(CloudILogLevel level)
    {
        lock (_gate)
        {
            _lines.Minimum = LogLevels.Minimum(level);
            _current = _current with { Level = level };
        }
    }

    /// <inheritdoc />
    public string? SetSyslog(SyslogSettings? syslog)
    {
        SyslogLoggerProvider? created;
        try
        {
            created = syslog is null ? null : CreateSyslog(syslog);
        }
        catch (ArgumentException)
        {
            return "facility_invalid";
        }

        SyslogLoggerProvider? old;
        lock (_gate)
        {
            old = _syslog;
            _syslog = created;
            _current = _current with { Syslog = syslog };
        }

        old?.Dispose();
        return null;
    }

    /// <inheritdoc />
    public string? SetFormatters(ErlangTerm? formatters)
    {
        lock (_gate)
        {
            _current = _current with { Formatters = formatters };
        }

        return null;
    }

    /// <inheritdoc />
    public void SetRedirect(string? node)
    {
        lock (_gate)
        {
            _current = _current with { Redirect = node };
        }
    }

    /// <summary>A logger that forwards to the syslog sink in effect when an event is logged.</summary>
    public ILogger CreateLogger(string categoryName) => new SyslogRelay(this, categoryName);

    /// <summary>Closes the syslog socket.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _syslog?.Dispose();
            _syslog = null;
        }
    }

    private SyslogLoggerProvider CreateSyslog(SyslogSettings settings) => new(new SyslogSinkOptions
    {
        SocketPath = _syslogSocket,
        AppName = settings.Identity,
        Facility = FacilityNumber(settings.Facility),
        MinimumLevel = LogLevels.Minimum(settings.Level),
    });

    /// <summary>The RFC 5424 facility of a CloudI facility name (or number).</summary>
    internal static int FacilityNumber(string facility) => facility switch
    {
        "kern" => 0,
        "user" => 1,
        "mail" => 2,
        "daemon" => 3,
        "auth" => 4,
        "syslog" => 5,
        "lpr" => 6,
        "news" => 7,
        "uucp" => 8,
        "cron" => 9,
        "authpriv" => 10,
        "ftp" => 11,
        "netinfo" or "remoteauth" or "install" or "ras" => 3, // macOS-only names: daemon here
        "local0" => 16,
        "local1" => 17,
        "local2" => 18,
        "local3" => 19,
        "local4" => 20,
        "local5" => 21,
        "local6" => 22,
        "local7" => 23,
        _ => int.Parse(facility, System.Globalization.CultureInfo.InvariantCulture),
    };

    private SyslogLoggerProvider? Syslog
    {
        get
        {
            lock (_gate)
            {
                return _syslog;
            }
        }
    }

    private sealed class SyslogRelay(ExecutableLoggingControl control, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // The process-wide level filters first; the syslog level filters what reaches syslog.
        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && logLevel >= control._lines.Minimum && control.Syslog is { } s
            && s.CreateLogger(category).IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel != LogLevel.None && logLevel >= control._lines.Minimum && control.Syslog is { } syslog)
            {
                syslog.CreateLogger(category).Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
