using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CloudI.Executable.Logging;

/// <summary>
/// One line per event: <c>2025-01-31T12:00:00.123Z INFO CloudI.Runtime: message | exception</c>
/// (UTC timestamp, level, category, message, then the exception if any). Line breaks and other
/// control characters inside the message or exception are escaped (<c>\n</c>, <c>\t</c>,
/// <c>\x1b</c>) so that an event is always exactly one line.
/// </summary>
internal sealed class LineLoggerProvider(LogSinks sinks, LogLevel minimum, TimeProvider? time = null) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, LineLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private volatile int _minimum = (int)minimum;

    /// <summary>The least severe level written; <see cref="LogLevel.None"/> writes nothing. Changes apply at once.</summary>
    public LogLevel Minimum
    {
        get => (LogLevel)_minimum;
        set => _minimum = (int)value;
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new LineLogger(name, self), this);

    public void Dispose()
    {
        // The sinks belong to the caller.
    }

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = new StringBuilder(64 + category.Length + message.Length);
        line.Append(_time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(LogLevels.Name(level))
            .Append(' ').Append(category).Append(": ");
        AppendEscaped(line, message);
        if (exception is not null)
        {
            line.Append(" | ");
            AppendEscaped(line, exception.ToString());
        }

        sinks.WriteLine(line.ToString());
    }

    internal static void AppendEscaped(StringBuilder line, string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\n':
                    line.Append("\\n");
                    break;
                case '\r':
                    break;
                case '\t':
                    line.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        line.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        line.Append(c);
                    }

                    break;
            }
        }
    }

    private sealed class LineLogger(string category, LineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}

/// <summary>
/// A minimal <see cref="ILoggerFactory"/> over <see cref="LineLoggerProvider"/> (and any provider
/// added later), without the configuration and filtering machinery of Microsoft.Extensions.Logging.
/// </summary>
internal sealed class LineLoggerFactory(ILoggerProvider provider) : ILoggerFactory
{
    private readonly Lock _gate = new();
    private ILoggerProvider[] _providers = [provider];

    public ILogger CreateLogger(string categoryName)
    {
        ILoggerProvider[] providers = Volatile.Read(ref _providers);
        return providers.Length == 1
            ? providers[0].CreateLogger(categoryName)
            : new FanOut([.. providers.Select(p => p.CreateLogger(categoryName))]);
    }

    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            _providers = [.. _providers, provider];
        }
    }

    public void Dispose()
    {
        foreach (ILoggerProvider provider in Volatile.Read(ref _providers))
        {
            provider.Dispose();
        }
    }

    private sealed class FanOut(ILogger[] loggers) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => loggers.Any(l => l.IsEnabled(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            foreach (ILogger logger in loggers)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
