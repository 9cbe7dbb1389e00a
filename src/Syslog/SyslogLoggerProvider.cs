using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Syslog;

/// <summary>
/// Each event as one RFC 5424 datagram on the local syslog socket (harpcallerd's
/// <c>harpcaller_syslog_h</c>, cloudi's <c>logging_syslog_set</c>). Sends are non-blocking; when syslog is missing, refuses or is full,
/// the message is dropped and counted, the first failure is reported on standard error, and the
/// socket is connected again at most once per <see cref="SyslogSinkOptions.ReconnectInterval"/>.
/// Thread-safe; never throws at the caller for the sake of the socket.
/// </summary>
public sealed class SyslogLoggerProvider : ILoggerProvider
{
    private readonly SyslogSinkOptions _options;
    private readonly string _hostName;
    private readonly string _procId;
    private readonly TimeProvider _time;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly ConcurrentDictionary<string, SyslogLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Socket? _socket;
    private bool _attempted;
    private long _lastAttempt;
    private bool _disposed;
    private long _dropped;
    private int _warned;

    /// <summary>
    /// Creates the sink; the socket is connected on the first message. Throws
    /// <see cref="ArgumentException"/> for a socket path the system cannot take.
    /// </summary>
    public SyslogLoggerProvider(SyslogSinkOptions? options = null)
    {
        _options = options ?? new SyslogSinkOptions();
        ArgumentException.ThrowIfNullOrEmpty(_options.SocketPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDatagramBytes, SyslogMessage.MinimumDatagramBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Facility);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.Facility, 23);
        _hostName = _options.HostName ?? LocalHostName();
        _procId = (_options.ProcessId ?? Environment.ProcessId).ToString(CultureInfo.InvariantCulture);
        _time = _options.TimeProvider;
        _endPoint = new UnixDomainSocketEndPoint(_options.SocketPath); // a path too long fails here, not per message
    }

    /// <summary>The syslog socket messages are sent to.</summary>
    public string SocketPath => _options.SocketPath;

    /// <summary>Messages dropped so far (syslog missing, refusing or full).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (_, provider) => new SyslogLogger(provider), this);

    private bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= _options.MinimumLevel;

    /// <summary>Closes the socket; later messages are dropped silently.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CloseSocket();
        }
    }

    private void Send(LogLevel level, EventId eventId, string message)
    {
        var header = SyslogMessage.Header(_time.GetUtcNow(), level, _hostName, _options.AppName, _procId, eventId.Name, _options.Facility);
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxDatagramBytes);
        string? failure;
        try
        {
            var length = SyslogMessage.Write(buffer.AsSpan(0, _options.MaxDatagramBytes), header, message);
            if (TrySend(buffer.AsSpan(0, length), out failure)) return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (failure is null) return; // disposed: not a loss worth counting
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _warned, 1) == 0) Warn(failure);
    }

    private bool TrySend(ReadOnlySpan<byte> datagram, out string? failure)
    {
        lock (_gate)
        {
            failure = null;
            if (_disposed) return false;
            if (_socket is null && !TryConnect(out failure)) return false;

            _socket!.Send(datagram, SocketFlags.None, out var error);
            if (error == SocketError.Success) return true;

            failure = $"cannot send to syslog at {_options.SocketPath}: {error}";
            if (error is not (SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable or SocketError.MessageSize))
            {
                // The listener went away (syslog restarted, socket removed): connect again later.
                CloseSocket();
                _attempted = true;
                _lastAttempt = _time.GetTimestamp();
            }

            return false;
        }
    }

    // Under _gate.
    private bool TryConnect(out string? failure)
    {
        var now = _time.GetTimestamp();
        if (_attempted && _time.GetElapsedTime(_lastAttempt, now) < _options.ReconnectInterval)
        {
            failure = $"syslog at {_options.SocketPath} unavailable, waiting to reconnect";
            return false;
        }

        _attempted = true;
        _lastAttempt = now;
        Socket? socket = null;
        try
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(_endPoint);
            socket.Blocking = false;
            _socket = socket;
            failure = null;
            return true;
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            failure = File.Exists(_options.SocketPath)
                ? $"cannot connect to syslog at {_options.SocketPath}: {e.SocketErrorCode} ({e.Message})"
                : $"cannot connect to syslog: {_options.SocketPath} does not exist";
            return false;
        }
    }

    private void CloseSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private void Warn(string failure)
    {
        try
        {
            var error = _options.Error ?? Console.Error;
            error.WriteLine($"{_options.AppName}: {failure}; syslog messages are dropped while this lasts");
            error.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Nowhere left to complain to.
        }
    }

    private static string LocalHostName()
    {
        try
        {
            return Dns.GetHostName();
        }
        catch (SocketException)
        {
            return Environment.MachineName;
        }
    }

    private sealed class SyslogLogger(SyslogLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Send(logLevel, eventId, LogEventText.Message(state, exception, formatter));
        }
    }
}
