using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Runtime;

/// <summary>
/// The logging control surface of the process hosting a <see cref="CloudIRuntime"/>: what the
/// Service API's <c>logging_*</c> functions change. The <c>cloudi</c> executable implements it
/// over its logger and sets <see cref="CloudIRuntime.Logging"/>; the default
/// (<see cref="InMemoryLoggingControl"/>) only stores the settings. Implementations are thread-safe.
/// </summary>
public interface ILoggingControl
{
    /// <summary>The settings of a runtime started without a <c>logging</c> section; <c>logging</c> lists what differs.</summary>
    LoggingSettings Defaults { get; }

    /// <summary>The settings now in effect.</summary>
    LoggingSettings Current { get; }

    /// <summary>Switches the log file (<c>logging_file_set</c>); null stops file output.</summary>
    /// <param name="path">The new file, or null.</param>
    /// <returns>Null on success, else a POSIX error atom such as <c>enoent</c> or <c>eacces</c>.</returns>
    string? SetFile(string? path);

    /// <summary>Sets the most verbose level logged (<c>logging_level_set</c>; <c>undefined</c> arrives as <see cref="CloudILogLevel.Off"/>).</summary>
    void SetLevel(CloudILogLevel level);

    /// <summary>Sets the syslog sink (<c>logging_syslog_set</c>); null turns it off.</summary>
    /// <returns>Null on success, else an error reason atom.</returns>
    string? SetSyslog(SyslogSettings? syslog);

    /// <summary>Stores the (validated) formatters term (<c>logging_formatters_set</c>); null clears it.</summary>
    /// <returns>Null on success, else an error reason atom.</returns>
    string? SetFormatters(ErlangTerm? formatters);

    /// <summary>Sets the redirect node (<c>logging_redirect_set</c>); null logs locally.</summary>
    void SetRedirect(string? node);
}
