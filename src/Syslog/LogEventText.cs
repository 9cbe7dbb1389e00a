namespace Syslog;

/// <summary>The text of a log event as the daemons' sinks write it.</summary>
public static class LogEventText
{
    /// <summary>
    /// The formatted message, followed by <c>": "</c> and the exception's type and message when
    /// there is one. Never a stack trace: lines stay short and carry nothing the caller did not put in.
    /// </summary>
    public static string Message<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception) ?? string.Empty;
        if (exception is null) return message;
        var error = $"{exception.GetType().FullName}: {exception.Message}";
        return message.Length == 0 ? error : $"{message}: {error}";
    }
}
