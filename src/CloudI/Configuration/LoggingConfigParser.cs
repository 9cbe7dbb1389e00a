using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>Validates the <c>{logging, [...]}</c> section into <see cref="LoggingConfig"/>.</summary>
internal static class LoggingConfigParser
{
    // Keys kept as raw terms for the runtime; anything else is logging_invalid, as in CloudI.
    private static readonly HashSet<string> OtherKeys = new(StringComparer.Ordinal)
    {
        "redirect", "syslog", "formatters", "log_time_offset", "aspects_log_before", "aspects_log_after", "stdout",
    };

    public static LoggingConfig Parse(ErlangTerm value, ParseContext context)
    {
        if (!TermValues.TryProperList(value, out var items))
        {
            throw context.Error("logging_invalid", value, "expected a proplist");
        }

        string? file = LoggingConfig.DefaultFile;
        var level = LoggingConfig.DefaultLevel;
        var other = new Dictionary<string, ErlangTerm>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!TermValues.TryPair(item, out string key, out ErlangTerm setting))
            {
                throw context.Error("logging_invalid", item, "a logging setting is {Key, Value}");
            }

            if (!seen.Add(key))
            {
                throw context.Error("logging_invalid", item, $"'{key}' is given more than once");
            }

            switch (key)
            {
                case "level":
                    level = setting is ErlangAtom atom && CloudI.Runtime.LogLevelNames.TryParse(atom.Name, out var parsed)
                        ? parsed
                        : throw context.Error("logging_level_invalid", setting, "expected fatal, error, warn, info, debug, trace or off");
                    break;
                case "file":
                    file = TermValues.IsAtom(setting, "undefined") ? null
                        : TermValues.TryNonEmptyString(setting, out string path) ? path
                        : throw context.Error("logging_file_invalid", setting, "expected a file name string or undefined");
                    break;
                case "syslog":
                    // Checked here as logging_syslog_set checks it: a malformed entry would
                    // otherwise leave syslog off without a word.
                    if (!TermValues.IsAtom(setting, "undefined") && !CloudI.Runtime.SyslogSettings.TryParse(setting, out _))
                    {
                        throw context.Error("logging_syslog_invalid", setting,
                            "expected [{identity, \"CloudI\"}, {facility, local0}, {level, trace}] (any of them) or undefined");
                    }

                    other[key] = setting;
                    break;
                default:
                    if (!OtherKeys.Contains(key))
                    {
                        throw context.Error("logging_invalid", item, $"unknown logging setting '{key}'");
                    }

                    other[key] = setting;
                    break;
            }
        }

        return new LoggingConfig(file, level, other);
    }
}
