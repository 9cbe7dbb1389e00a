using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Tests.Python;

/// <summary>One formatted log entry with its category and level.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public DateTime At { get; } = DateTime.UtcNow;
}

/// <summary>An <see cref="ILoggerFactory"/> that keeps every entry of every logger it made.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public bool Contains(Func<LogEntry, bool> predicate) => Entries.Any(predicate);

    public string Dump() => string.Join("\n", Entries.Select(e => $"{e.At:HH:mm:ss.fff} {e.Level} {e.Category}: {e.Message}"));

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
