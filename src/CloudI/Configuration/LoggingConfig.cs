using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>The <c>{logging, [...]}</c> section: the log file and level, and the other keys kept as configured.</summary>
/// <param name="File">The log file (default <c>"logs/cloudi.log"</c>), or null for <c>undefined</c> (no file).</param>
/// <param name="Level">The most verbose level logged (default trace).</param>
/// <param name="Other">The remaining keys (<c>redirect</c>, <c>syslog</c>, <c>formatters</c>, …) as raw terms.</param>
public sealed record LoggingConfig(string? File, CloudILogLevel Level, IReadOnlyDictionary<string, ErlangTerm> Other)
{
    /// <summary>CloudI 1.5.3's default log file (spec c.1), relative to the configuration file's directory.</summary>
    public const string DefaultFile = "logs/cloudi.log";

    /// <summary>CloudI 1.5.3's default level (spec c.1).</summary>
    public const CloudILogLevel DefaultLevel = CloudILogLevel.Trace;

    /// <summary>The settings without a logging section.</summary>
    public static LoggingConfig Default { get; } =
        new(DefaultFile, DefaultLevel, new Dictionary<string, ErlangTerm>(StringComparer.Ordinal));
}
