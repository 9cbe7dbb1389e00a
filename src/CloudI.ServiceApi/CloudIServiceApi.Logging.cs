using CloudI.Configuration;
using CloudI.Runtime;
using Erlang.Terms;
using static CloudI.ServiceApi.ApiTerms;

namespace CloudI.ServiceApi;

/// <summary>
/// <c>logging_file_set</c>, <c>logging_level_set</c>, <c>logging_syslog_set</c>,
/// <c>logging_formatters_set</c>, <c>logging_redirect_set</c>, <c>logging</c>: through
/// <see cref="CloudIRuntime.Logging"/>.
/// </summary>
public sealed partial class CloudIServiceApi
{
    private static readonly HashSet<string> FormatterOptions = new(StringComparer.Ordinal)
    {
        "level", "output", "output_args", "output_max_r", "output_max_t", "formatter", "formatter_config",
    };

    private static readonly HashSet<string> LagerLevels = new(StringComparer.Ordinal)
    {
        "emergency", "alert", "critical", "error", "warning", "notice", "info", "debug", "none",
        "fatal", "warn", "trace", "off",
    };

    private ErlangTerm LoggingFileSet(ErlangTerm argument)
    {
        string? path;
        if (argument is ErlangAtom { Name: "undefined" })
        {
            path = null;
        }
        else if (argument is ErlangList list && list.TryGetString(out string text) && text.Length > 0)
        {
            path = text;
        }
        else
        {
            throw ApiFailure.Of("logging_file_invalid", argument);
        }

        string? error = _runtime.Logging.SetFile(path);
        return error is null ? Ok : Error(error);
    }

    private ErlangTerm LoggingLevelSet(ErlangTerm argument)
    {
        if (argument is ErlangAtom { Name: "undefined" })
        {
            _runtime.Logging.SetLevel(CloudILogLevel.Off);
            return Ok;
        }

        if (argument is not ErlangAtom atom || !LogLevelNames.TryParse(atom.Name, out CloudILogLevel level))
        {
            throw ApiFailure.Of("logging_level_invalid", argument);
        }

        _runtime.Logging.SetLevel(level);
        return Ok;
    }

    private ErlangTerm LoggingSyslogSet(ErlangTerm argument)
    {
        SyslogSettings? syslog = null;
        if (argument is not ErlangAtom { Name: "undefined" }
            && (argument is ErlangList { IsStringLiteral: true, IsEmpty: false } || !SyslogSettings.TryParse(argument, out syslog)))
        {
            throw ApiFailure.Of("logging_syslog_invalid", argument);
        }

        string? error = _runtime.Logging.SetSyslog(syslog);
        return error is null ? Ok : Error(error);
    }

    private ErlangTerm LoggingFormattersSet(ErlangTerm argument)
    {
        ErlangTerm? formatters = argument is ErlangAtom { Name: "undefined" } ? null : argument;
        if (formatters is not null)
        {
            ValidateFormatters(formatters);
        }

        string? error = _runtime.Logging.SetFormatters(formatters is ErlangList { IsEmpty: true } ? null : formatters);
        return error is null ? Ok : Error(error);
    }

    private ErlangTerm LoggingRedirectSet(ErlangTerm argument)
    {
        if (argument is ErlangAtom { Name: "undefined" })
        {
            _runtime.Logging.SetRedirect(null);
            return Ok;
        }

        if (!IsNode(argument))
        {
            throw ApiFailure.Of("node_invalid", argument);
        }

        _runtime.Logging.SetRedirect(((ErlangAtom)argument).Name);
        return Ok;
    }

    private ErlangTerm LoggingGet()
    {
        ILoggingControl control = _runtime.Logging;
        LoggingSettings current = control.Current;
        LoggingSettings defaults = control.Defaults;
        var items = new List<ErlangTerm>();
        if (current.File != defaults.File)
        {
            items.Add(Pair("file", current.File is null ? ErlangAtom.Undefined : Str(current.File)));
        }

        if (current.Level != defaults.Level)
        {
            items.Add(Pair("level", Atom(LogLevelNames.Name(current.Level))));
        }

        if (current.Redirect != defaults.Redirect)
        {
            items.Add(Pair("redirect", current.Redirect is null ? ErlangAtom.Undefined : AtomOrString(current.Redirect)));
        }

        if (current.Syslog != defaults.Syslog)
        {
            items.Add(Pair("syslog", current.Syslog is not { } syslog ? ErlangAtom.Undefined : List(
            [
                Pair("identity", Str(syslog.Identity)),
                Pair("facility", syslog.FacilityIsNumber
                    ? ErlangInteger.From(long.Parse(syslog.Facility, System.Globalization.CultureInfo.InvariantCulture))
                    : Atom(syslog.Facility)),
                Pair("level", Atom(LogLevelNames.Name(syslog.Level))),
            ])));
        }

        if (!Equals(current.Formatters, defaults.Formatters))
        {
            items.Add(Pair("formatters", current.Formatters ?? ErlangAtom.Undefined));
        }

        return OkValue(List(items));
    }

    /// <summary><c>[{any | [module()], Options}]</c> with the formatter options of CloudI 1.5.3.</summary>
    private static void ValidateFormatters(ErlangTerm formatters)
    {
        if (formatters is not ErlangList { IsProper: true } list || (list.IsStringLiteral && !list.IsEmpty))
        {
            throw ApiFailure.Of("logging_formatters_invalid", formatters);
        }

        foreach (ErlangTerm entry in list.Elements)
        {
            if (entry is not ErlangTuple { Arity: 2 } pair)
            {
                throw ApiFailure.Of("logging_formatters_invalid", entry);
            }

            bool modulesOk = pair[0] is ErlangAtom { Name: "any" }
                || (pair[0] is ErlangList { IsProper: true, IsEmpty: false, IsStringLiteral: false } modules
                    && modules.Elements.All(m => m is ErlangAtom));
            if (!modulesOk || pair[1] is not ErlangList { IsProper: true } options || (options.IsStringLiteral && !options.IsEmpty))
            {
                throw ApiFailure.Of("logging_formatters_invalid", entry);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ErlangTerm option in options.Elements)
            {
                if (option is not ErlangTuple { Arity: 2 } o || o[0] is not ErlangAtom key
                    || !FormatterOptions.Contains(key.Name) || !seen.Add(key.Name)
                    || !FormatterOptionValid(key.Name, o[1]))
                {
                    throw ApiFailure.Of("logging_formatters_invalid", option);
                }
            }
        }
    }

    private static bool FormatterOptionValid(string key, ErlangTerm value) => key switch
    {
        "level" => value is ErlangAtom level && LagerLevels.Contains(level.Name),
        "output" or "formatter" => value is ErlangAtom,
        "output_args" or "formatter_config" => value is ErlangList { IsProper: true },
        "output_max_r" or "output_max_t" => value is ErlangInteger i && i.Value >= 0,
        _ => false,
    };
}
