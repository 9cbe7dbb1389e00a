using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Logging;

/// <summary>
/// The <c>[erlang] log_file</c> sink: human-readable lines appended to a file (created 0640,
/// its directory created if missing) by a background task. Logging never blocks; lines that do
/// not fit the queue are dropped and counted. <see cref="Reopen"/> serves logrotate.
/// </summary>
public sealed class LogFileProvider : ILoggerProvider
{
    private readonly Func<string, LogLevel, bool> _filter;
    private readonly TimeProvider _time;
    private readonly FileLineWriter _writer;
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens (creating if needed) <paramref name="path"/> for appending. Throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="filter">Which events (category, level) go to the file.</param>
    /// <param name="options">Queue settings; null = defaults.</param>
    public LogFileProvider(string path, Func<string, LogLevel, bool> filter, LogQueueOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(filter);
        options ??= new LogQueueOptions();
        Path = System.IO.Path.GetFullPath(path);
        _filter = filter;
        _time = options.TimeProvider;
        _writer = new FileLineWriter(Path, options);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Lines lost so far (queue full or write failure).</summary>
    public long DroppedLines => _writer.Dropped;

    /// <summary>
    /// Closes the file and opens <see cref="Path"/> again, so that after logrotate renamed it
    /// the next lines go to a new file. If the path cannot be opened the old file stays in use
    /// and the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> is thrown.
    /// </summary>
    public void Reopen() => _writer.Reopen();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (category, provider) => new FileLogger(provider, category), this);

    /// <summary>Writes the queued lines (bounded wait) and closes the file.</summary>
    public void Dispose() => _writer.Dispose();

    private sealed class FileLogger(LogFileProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && provider._filter(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = LogLine.Message(state, exception, formatter);
            provider._writer.Enqueue(LogLine.Human(provider._time.GetUtcNow(), logLevel, category, message));
        }
    }

    private sealed class FileLineWriter : BackgroundLineWriter
    {
        private readonly string _path;
        private StreamWriter? _file;
        private bool _closed;

        public FileLineWriter(string path, LogQueueOptions options)
            : base("log file " + path, options)
        {
            _path = path;
            _file = Open(path);
            Start();
        }

        public void Reopen()
        {
            var fresh = Open(_path);
            StreamWriter? old;
            lock (Gate)
            {
                if (_closed)
                {
                    fresh.Dispose();
                    throw new ObjectDisposedException(nameof(LogFileProvider));
                }

                old = _file;
                _file = fresh;
            }

            try
            {
                old?.Dispose();
            }
            catch (IOException)
            {
                // The old file's last buffered bytes are lost; the new file is in use.
            }
        }

        protected override void WriteLine(string line)
        {
            // After disposal (or never opened) the line has nowhere to go.
            if (_file is null) throw new ObjectDisposedException(nameof(LogFileProvider));
            _file.Write(line);
            _file.Write('\n');
        }

        protected override void Flush() => _file?.Flush();

        protected override void Close()
        {
            try
            {
                _file?.Dispose();
            }
            catch (IOException)
            {
                // Nothing more can be done for the last bytes.
            }

            _file = null;
            _closed = true;
        }

        private static StreamWriter Open(string path)
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            var options = new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite | FileShare.Delete,
            };
            if (!OperatingSystem.IsWindows())
            {
                // rw-r-----: operators in the file's group may read the event log.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            }

            var stream = new FileStream(path, options);
            return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
        }
    }
}
