using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Logging;

/// <summary>Text shared by the sinks: the event's message and the human-readable line.</summary>
internal static class LogLine
{
    /// <summary>The event's message and exception summary (<see cref="Syslog.LogEventText.Message"/>).</summary>
    public static string Message<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Syslog.LogEventText.Message(state, exception, formatter);

    /// <summary>Level names, all five characters wide so that categories line up.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info ",
        LogLevel.Warning => "warn ",
        LogLevel.Error => "error",
        LogLevel.Critical => "crit ",
        _ => "none ",
    };

    /// <summary>
    /// <c>2026-11-30T19:02:12.345Z info  Category: message</c>, on one line: CR and LF inside the
    /// message are written as <c>\r</c> and <c>\n</c>.
    /// </summary>
    public static string Human(DateTimeOffset time, LogLevel level, string category, string message)
    {
        var builder = new StringBuilder(40 + category.Length + message.Length);
        builder.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelName(level)).Append(' ').Append(category).Append(": ");
        if (message.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            builder.Append(message);
        }
        else
        {
            foreach (var c in message)
            {
                _ = c switch
                {
                    '\r' => builder.Append("\\r"),
                    '\n' => builder.Append("\\n"),
                    _ => builder.Append(c),
                };
            }
        }

        return builder.ToString();
    }
}
