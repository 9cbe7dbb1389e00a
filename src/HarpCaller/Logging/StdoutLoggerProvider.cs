using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Logging;

/// <summary>
/// The <c>harpcaller_stdout_h</c> sink: one human-readable line per event
/// (<c>2026-11-30T19:02:12.345Z info  Category: message</c>) on standard output, written by a
/// background task so that a slow reader of the output never holds up the daemon.
/// </summary>
public sealed class StdoutLoggerProvider : ILoggerProvider
{
    private readonly TimeProvider _time;
    private readonly TextLineWriter _writer;
    private readonly ConcurrentDictionary<string, StdoutLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Creates the sink writing to <paramref name="output"/> (null = standard output).</summary>
    public StdoutLoggerProvider(TextWriter? output = null, LogQueueOptions? options = null)
    {
        options ??= new LogQueueOptions();
        _time = options.TimeProvider;
        // Console.Out flushes on every write: one system call per line. A buffered writer of our
        // own over the same descriptor is flushed once per batch the pump takes from the queue.
        _writer = new TextLineWriter(output ?? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024), options);
    }

    /// <summary>Lines lost so far (queue full or write failure).</summary>
    public long DroppedLines => _writer.Dropped;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (category, provider) => new StdoutLogger(provider, category), this);

    /// <summary>Writes the queued lines (bounded wait); the output itself is not closed.</summary>
    public void Dispose() => _writer.Dispose();

    private sealed class StdoutLogger(StdoutLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = LogLine.Message(state, exception, formatter);
            provider._writer.Enqueue(LogLine.Human(provider._time.GetUtcNow(), logLevel, category, message));
        }
    }

    private sealed class TextLineWriter : BackgroundLineWriter
    {
        private readonly TextWriter _output;

        public TextLineWriter(TextWriter output, LogQueueOptions options)
            : base("standard output", options)
        {
            _output = output;
            Start();
        }

        protected override void WriteLine(string line)
        {
            _output.Write(line);
            _output.Write('\n');
        }

        protected override void Flush() => _output.Flush();
    }
}
