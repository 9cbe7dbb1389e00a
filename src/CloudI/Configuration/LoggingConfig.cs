using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>The <c>{logging, [...]}</c> section: the log file and level, and the other keys kept as configured.</summary>
/// <param name="File">The log file, or null for the runtime's choice.</param>
/// <param name="Level">The most verbose level logged (default info).</param>
/// <param name="Other">The remaining keys (<c>redirect</c>, <c>syslog</c>, <c>formatters</c>, …) as raw terms.</param>
public sealed record LoggingConfig(string? File, CloudILogLevel Level, IReadOnlyDictionary<string, ErlangTerm> Other)
{
    /// <summary>The settings without a logging section.</summary>
    public static LoggingConfig Default { get; } =
        new(null, CloudILogLevel.Info, new Dictionary<string, ErlangTerm>(StringComparer.Ordinal));
}
