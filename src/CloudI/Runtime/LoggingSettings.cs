using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Runtime;

/// <summary>
/// The logging settings the Service API reads and changes (<c>logging_*</c> functions): the
/// log file, the level, the redirect node, the syslog sink and the (Erlang-only) formatters.
/// </summary>
/// <param name="File">The log file, or null for none (<c>undefined</c>).</param>
/// <param name="Level">The most verbose level logged.</param>
/// <param name="Redirect">The node log output is redirected to, or null (<c>undefined</c>).</param>
/// <param name="Syslog">The syslog sink settings, or null when syslog is off.</param>
/// <param name="Formatters">The <c>formatters</c> term as given (validated), or null when unset.</param>
public sealed record LoggingSettings(
    string? File,
    CloudILogLevel Level,
    string? Redirect,
    SyslogSettings? Syslog,
    ErlangTerm? Formatters)
{
    /// <summary>The settings of a runtime started without a <c>logging</c> section (<see cref="LoggingConfig.Default"/>).</summary>
    public static LoggingSettings Default { get; } = FromConfig(LoggingConfig.Default);

    /// <summary>The settings a configuration file's <c>logging</c> section asks for.</summary>
    /// <param name="config">The validated section.</param>
    public static LoggingSettings FromConfig(LoggingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string? redirect = config.Other.TryGetValue("redirect", out ErlangTerm? r) && r is ErlangAtom { Name: not "undefined" } node
            ? node.Name
            : null;
        SyslogSettings? syslog = config.Other.TryGetValue("syslog", out ErlangTerm? s) ? SyslogSettings.TryParse(s, out SyslogSettings? parsed) ? parsed : null : null;
        ErlangTerm? formatters = config.Other.TryGetValue("formatters", out ErlangTerm? f) && f is not ErlangAtom { Name: "undefined" } ? f : null;
        return new LoggingSettings(config.File, config.Level, redirect, syslog, formatters);
    }
}
