using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Hosts;

/// <summary>Records every log call at every level, with its message, structured values and exception text.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = new List<string>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            values.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
        }

        _entries.Enqueue(new CapturedLog(logLevel, eventId.Id, formatter(state, exception), values, exception?.ToString()));
    }

    /// <summary>Everything recorded, as one string, for "never contains" checks.</summary>
    public string AllText() =>
        string.Join("\n", _entries.Select(e => $"{e.Level} {e.EventId} {e.Message} | {string.Join(", ", e.Values)} | {e.Exception}"));
}
