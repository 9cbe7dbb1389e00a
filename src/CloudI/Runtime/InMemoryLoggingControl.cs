using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Runtime;

/// <summary>An <see cref="ILoggingControl"/> that only stores the settings (the runtime's default).</summary>
public sealed class InMemoryLoggingControl : ILoggingControl
{
    private readonly Lock _gate = new();
    private LoggingSettings _current;

    /// <summary>Creates the control with <paramref name="initial"/> settings (defaults when null).</summary>
    public InMemoryLoggingControl(LoggingSettings? initial = null, LoggingSettings? defaults = null)
    {
        Defaults = defaults ?? LoggingSettings.Default;
        _current = initial ?? Defaults;
    }

    /// <inheritdoc />
    public LoggingSettings Defaults { get; }

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
        Update(s => s with { File = path });
        return null;
    }

    /// <inheritdoc />
    public void SetLevel(CloudILogLevel level) => Update(s => s with { Level = level });

    /// <inheritdoc />
    public string? SetSyslog(SyslogSettings? syslog)
    {
        Update(s => s with { Syslog = syslog });
        return null;
    }

    /// <inheritdoc />
    public string? SetFormatters(ErlangTerm? formatters)
    {
        Update(s => s with { Formatters = formatters });
        return null;
    }

    /// <inheritdoc />
    public void SetRedirect(string? node) => Update(s => s with { Redirect = node });

    private void Update(Func<LoggingSettings, LoggingSettings> change)
    {
        lock (_gate)
        {
            _current = change(_current);
        }
    }
}
