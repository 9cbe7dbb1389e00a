using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Runtime;

/// <summary>The <c>syslog</c> logging setting: identity, facility and minimum level.</summary>
/// <param name="Identity">The syslog identity (default "CloudI").</param>
/// <param name="Facility">The facility name (<c>local0</c> …) or its number as decimal text.</param>
/// <param name="Level">The most verbose CloudI level sent to syslog (default trace).</param>
public sealed record SyslogSettings(string Identity, string Facility, CloudILogLevel Level)
{
    /// <summary>The facility names CloudI 1.5.3 accepts.</summary>
    public static IReadOnlyList<string> FacilityNames { get; } =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "netinfo", "remoteauth", "install", "ras", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7",
    ];

    /// <summary>The settings of <c>{syslog, []}</c>.</summary>
    public static SyslogSettings Default { get; } = new("CloudI", "local0", CloudILogLevel.Trace);

    /// <summary>True when <see cref="Facility"/> is a number rather than a name.</summary>
    public bool FacilityIsNumber => Facility.Length > 0 && Facility.All(char.IsAsciiDigit);

    /// <summary>
    /// Reads <c>[{identity, "CloudI"}, {facility, local0}, {level, trace}]</c> (any subset, no
    /// repeats); false for anything else.
    /// </summary>
    /// <param name="term">The proplist.</param>
    /// <param name="settings">The settings, defaults for missing keys.</param>
    public static bool TryParse(ErlangTerm term, out SyslogSettings? settings)
    {
        settings = null;
        if (term is not ErlangList { IsProper: true } list)
        {
            return false;
        }

        var result = Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ErlangTerm item in list.Elements)
        {
            if (item is not ErlangTuple { Arity: 2 } pair || pair[0] is not ErlangAtom key || !seen.Add(key.Name))
            {
                return false;
            }

            ErlangTerm value = pair[1];
            switch (key.Name)
            {
                case "identity" when value is ErlangList identity && identity.TryGetString(out string text) && text.Length > 0:
                    result = result with { Identity = text };
                    break;
                case "facility" when value is ErlangAtom facility && FacilityNames.Contains(facility.Name):
                    result = result with { Facility = facility.Name };
                    break;
                case "facility" when value is ErlangInteger number && number.TryGetInt32(out int n) && n >= 0:
                    result = result with { Facility = n.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "level" when value is ErlangAtom level && LogLevelNames.TryParse(level.Name, out CloudILogLevel parsed):
                    result = result with { Level = parsed };
                    break;
                default:
                    return false;
            }
        }

        settings = result;
        return true;
    }
}
