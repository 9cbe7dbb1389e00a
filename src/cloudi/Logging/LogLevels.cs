using CloudI.Configuration;
using Microsoft.Extensions.Logging;

namespace CloudI.Executable.Logging;

/// <summary>CloudI's logging levels and Microsoft.Extensions.Logging's.</summary>
internal static class LogLevels
{
    /// <summary>The least severe level logged at <paramref name="level"/>; <see cref="LogLevel.None"/> for <c>off</c>.</summary>
    public static LogLevel Minimum(CloudILogLevel level) => level switch
    {
        CloudILogLevel.Fatal => LogLevel.Critical,
        CloudILogLevel.Error => LogLevel.Error,
        CloudILogLevel.Warn => LogLevel.Warning,
        CloudILogLevel.Info => LogLevel.Information,
        CloudILogLevel.Debug => LogLevel.Debug,
        CloudILogLevel.Trace => LogLevel.Trace,
        _ => LogLevel.None,
    };

    /// <summary>The name an event's level has in a log line (CloudI's names).</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Critical => "FATAL",
        LogLevel.Error => "ERROR",
        LogLevel.Warning => "WARN",
        LogLevel.Information => "INFO",
        LogLevel.Debug => "DEBUG",
        _ => "TRACE",
    };
}
