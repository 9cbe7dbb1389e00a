using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Logging;

/// <summary>
/// An <see cref="ILoggerFactory"/> whose sinks can be replaced at any time: the loggers it hands
/// out look at the current set of providers on every event, so loggers obtained before a switch
/// follow it. Scopes are not supported (none of our sinks prints them).
/// </summary>
internal sealed class SwitchingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, SwitchingLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<ILoggerProvider> _added = [];
    private readonly Action _onDispose;
    private ILoggerProvider[] _configured = [];
    private volatile Sinks _sinks;
    private bool _disposed;

    /// <param name="minimum">Events below this level are not logged anywhere.</param>
    /// <param name="onDispose">Called once when the factory is disposed (disposes the configured sinks).</param>
    public SwitchingLoggerFactory(LogLevel minimum, Action onDispose)
    {
        Minimum = minimum;
        _onDispose = onDispose;
        _sinks = new Sinks([]);
    }

    /// <summary>The lowest level logged.</summary>
    public LogLevel Minimum { get; }

    /// <summary>Replaces the configured providers; every logger follows from its next event on.</summary>
    public void SetProviders(IReadOnlyList<ILoggerProvider> providers)
    {
        lock (_gate)
        {
            _configured = [.. providers];
            Publish();
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (category, factory) => new SwitchingLogger(factory, category), this);

    /// <summary>Adds a provider kept next to the configured ones until disposal.</summary>
    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _added.Add(provider);
            Publish();
        }
    }

    /// <summary>Stops all logging and disposes the sinks.</summary>
    public void Dispose()
    {
        List<ILoggerProvider> added;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _configured = [];
            added = [.. _added];
            _added.Clear();
            Publish();
        }

        foreach (var provider in added) provider.Dispose();
        _onDispose();
    }

    // Under _gate.
    private void Publish() => _sinks = new Sinks([.. _configured, .. _added]);

    /// <summary>One published set of providers; identity tells loggers that it changed.</summary>
    private sealed class Sinks(ILoggerProvider[] providers)
    {
        public ILoggerProvider[] Providers { get; } = providers;
    }

    /// <summary>A category's loggers from one set of providers.</summary>
    private sealed class Bound(Sinks sinks, ILogger[] loggers)
    {
        public Sinks Sinks { get; } = sinks;

        public ILogger[] Loggers { get; } = loggers;
    }

    private sealed class SwitchingLogger(SwitchingLoggerFactory factory, string category) : ILogger
    {
        private volatile Bound? _bound;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel)
        {
            if (logLevel == LogLevel.None || logLevel < factory.Minimum) return false;
            foreach (var logger in Current())
            {
                if (logger.IsEnabled(logLevel)) return true;
            }

            return false;
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None || logLevel < factory.Minimum) return;
            foreach (var logger in Current())
            {
                if (logger.IsEnabled(logLevel)) logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }

        private ILogger[] Current()
        {
            var sinks = factory._sinks;
            var bound = _bound;
            if (bound is null || !ReferenceEquals(bound.Sinks, sinks))
            {
                // Racing threads may both build; either result is right for this set of sinks.
                var loggers = new ILogger[sinks.Providers.Length];
                for (var i = 0; i < loggers.Length; i++) loggers[i] = sinks.Providers[i].CreateLogger(category);
                bound = new Bound(sinks, loggers);
                _bound = bound;
            }

            return bound.Loggers;
        }
    }
}
