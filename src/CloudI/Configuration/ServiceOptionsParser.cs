using System.Collections.Immutable;
using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// Validates a service options proplist into <see cref="ServiceOptions"/> (semantics §13):
/// every option's syntax is checked, unknown or repeated keys and options of the other service
/// type are <c>service_options_invalid</c>.
/// </summary>
internal static class ServiceOptionsParser
{
    private const string Invalid = "service_options_invalid";

    private static readonly HashSet<string> InternalOnly = new(StringComparer.Ordinal)
    {
        "aspects_info_before", "aspects_info_after", "duo_mode", "hibernate", "reload", "application_name",
        "init_pid_options", "request_pid_uses", "request_pid_options", "info_pid_uses", "info_pid_options",
    };

    private static readonly HashSet<string> ExternalOnly = new(StringComparer.Ordinal)
    {
        "limit", "owner", "directory", "api_version",
    };

    // The Erlang-VM-only options: validated, then reported so the runtime can say they have no effect.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "duo_mode", "hibernate", "reload", "application_name", "automatic_loading", "dispatcher_pid_options",
        "init_pid_options", "request_pid_uses", "request_pid_options", "info_pid_uses", "info_pid_options",
    };

    private static readonly HashSet<string> PidOptionNames = new(StringComparer.Ordinal)
    {
        "link", "priority", "fullsweep_after", "min_heap_size", "min_bin_vheap_size", "max_heap_size",
        "sensitive", "message_queue_data",
    };

    /// <summary>Parses the options of a service of the given type.</summary>
    /// <param name="term">The options term (a proplist).</param>
    /// <param name="external">True for an external service.</param>
    /// <param name="context">Positions for errors.</param>
    /// <param name="timeoutTerminateTerm">The <c>timeout_terminate</c> value term when given, for later errors.</param>
    public static ServiceOptions Parse(ErlangTerm term, bool external, ParseContext context, out ErlangTerm? timeoutTerminateTerm)
    {
        timeoutTerminateTerm = null;
        string kind = external ? "external" : "internal";
        if (!TermValues.TryProperList(term, out var items))
        {
            throw context.Error($"service_{kind}_options_invalid", term, "the options are a proplist");
        }

        var options = ServiceOptions.Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        bool duoMode = false;
        ErlangTerm? infoPidUses = null;
        foreach (var item in items)
        {
            if (!TermValues.TryPair(item, out string key, out ErlangTerm value))
            {
                throw context.Error(Invalid, item, "an option is {Name, Value}");
            }

            if (!seen.Add(key))
            {
                throw context.Error(Invalid, item, $"the option '{key}' is given more than once");
            }

            if (external && InternalOnly.Contains(key))
            {
                throw context.Error(Invalid, item, $"'{key}' is an option of internal services only");
            }

            if (!external && ExternalOnly.Contains(key))
            {
                throw context.Error(Invalid, item, $"'{key}' is an option of external services only");
            }

            if (Ignored.Contains(key))
            {
                ignored.Add(key);
            }

            switch (key)
            {
                case "priority_default":
                    options = options with { PriorityDefault = (int)Integer(value, -128, 127, key, context) };
                    break;
                case "queue_limit":
                    options = options with
                    {
                        QueueLimit = IsUndefined(value) ? null : (int)Integer(value, 0, int.MaxValue, key, context),
                    };
                    break;
                case "queue_size":
                    options = options with
                    {
                        QueueSizeBytes = IsUndefined(value) ? null : Integer(value, 1, long.MaxValue / 1024, key, context) * 1024,
                    };
                    break;
                case "rate_request_max":
                    options = options with { RateRequestMax = ParseRateRequestMax(value, context) };
                    break;
                case "dest_refresh_start":
                    options = options with { DestRefreshStart = (uint)Integer(value, 101, uint.MaxValue, key, context) };
                    break;
                case "dest_refresh_delay":
                    options = options with { DestRefreshDelay = (uint)Integer(value, 101, uint.MaxValue, key, context) };
                    break;
                case "request_name_lookup":
                    options = options with
                    {
                        RequestNameLookup = TermValues.IsAtom(value, "sync") ? RequestNameLookup.Sync
                            : TermValues.IsAtom(value, "async") ? RequestNameLookup.Async
                            : throw OptionError(key, value, context, "expected sync or async"),
                    };
                    break;
                case "request_timeout_adjustment":
                    options = options with { RequestTimeoutAdjustment = Boolean(value, key, context) };
                    break;
                case "request_timeout_immediate_max":
                    options = options with { RequestTimeoutImmediateMax = (uint)Integer(value, 0, uint.MaxValue, key, context) };
                    break;
                case "response_timeout_adjustment":
                    options = options with { ResponseTimeoutAdjustment = Boolean(value, key, context) };
                    break;
                case "response_timeout_immediate_max":
                    options = options with { ResponseTimeoutImmediateMax = (uint)Integer(value, 0, uint.MaxValue, key, context) };
                    break;
                case "count_process_dynamic":
                    options = options with { CountProcessDynamic = ParseCountProcessDynamic(value, context) };
                    break;
                case "timeout_terminate":
                    timeoutTerminateTerm = value;
                    options = options with
                    {
                        TimeoutTerminate = IsUndefined(value)
                            ? null
                            : (uint)Integer(value, TerminateTimeout.Min, TerminateTimeout.Max, key, context),
                    };
                    break;
                case "scope":
                    options = options with
                    {
                        Scope = value is ErlangAtom scope ? scope.Name : throw OptionError(key, value, context, "expected an atom"),
                    };
                    break;
                case "monkey_latency":
                    options = options with { MonkeyLatency = ParseMonkeyLatency(value, context) };
                    break;
                case "monkey_chaos":
                    options = options with { MonkeyChaos = ParseMonkeyChaos(value, context) };
                    break;
                case "aspects_init_after":
                    options = options with { AspectsInitAfter = Aspects(value, "aspects_init", context) };
                    break;
                case "aspects_request_before":
                    options = options with { AspectsRequestBefore = Aspects(value, "aspects_request", context) };
                    break;
                case "aspects_request_after":
                    options = options with { AspectsRequestAfter = Aspects(value, "aspects_request", context) };
                    break;
                case "aspects_info_before":
                    options = options with { AspectsInfoBefore = Aspects(value, "aspects_info", context) };
                    break;
                case "aspects_info_after":
                    options = options with { AspectsInfoAfter = Aspects(value, "aspects_info", context) };
                    break;
                case "aspects_terminate_before":
                    options = options with { AspectsTerminateBefore = Aspects(value, "aspects_terminate", context) };
                    break;
                case "limit":
                    options = TermValues.IsAtom(value, "system")
                        ? options with { LimitSystem = true, Limit = [] }
                        : options with { LimitSystem = false, Limit = ParseLimit(value, context) };
                    break;
                case "owner":
                    options = options with { Owner = ParseOwner(value, context) };
                    break;
                case "directory":
                    options = options with
                    {
                        Directory = IsUndefined(value) ? null
                            : TermValues.TryNonEmptyString(value, out string directory) ? directory
                            : throw OptionError(key, value, context, "expected a non-empty string or undefined"),
                    };
                    break;
                case "api_version":
                    options = options with
                    {
                        ApiVersion = TermValues.TryNonEmptyString(value, out string version)
                            ? version
                            : throw OptionError(key, value, context, "expected a version string such as \"1.5.3\" or \"2.0.7\""),
                    };
                    break;
                case "duo_mode":
                    duoMode = Boolean(value, key, context);
                    break;
                case "hibernate":
                    ValidateHibernate(value, context);
                    break;
                case "reload":
                case "automatic_loading":
                    Boolean(value, key, context);
                    break;
                case "application_name":
                    if (value is not ErlangAtom)
                    {
                        throw OptionError(key, value, context, "expected an atom");
                    }

                    break;
                case "dispatcher_pid_options":
                case "init_pid_options":
                case "request_pid_options":
                case "info_pid_options":
                    ValidatePidOptions(value, key, context);
                    break;
                case "request_pid_uses":
                    PidUses(value, key, context);
                    break;
                case "info_pid_uses":
                    PidUses(value, key, context);
                    infoPidUses = value;
                    break;
                default:
                    throw context.Error(Invalid, item, $"unknown option '{key}'");
            }
        }

        if (duoMode && infoPidUses is not null && !TermValues.IsAtom(infoPidUses, "infinity"))
        {
            throw context.Error(Invalid, term, "duo_mode requires info_pid_uses to be infinity");
        }

        return ignored.Count == 0 ? options : options with { IgnoredOptions = ignored };
    }

    private static bool IsUndefined(ErlangTerm term) => TermValues.IsAtom(term, "undefined");

    private static CloudIConfigException OptionError(string option, ErlangTerm term, ParseContext context, string? detail = null) =>
        context.Error($"service_options_{option}_invalid", term, detail);

    private static long Integer(ErlangTerm term, long min, long max, string option, ParseContext context) =>
        TermValues.TryIntegerIn(term, min, max, out long value)
            ? value
            : throw OptionError(option, term, context, $"expected an integer in {min}..{max}");

    private static bool Boolean(ErlangTerm term, string option, ParseContext context) =>
        TermValues.TryBoolean(term, out bool value) ? value : throw OptionError(option, term, context, "expected true or false");

    private static double Positive(ErlangTerm term, string option, ParseContext context) =>
        TermValues.TryNumber(term, out double value) && value > 0
            ? value
            : throw OptionError(option, term, context, "expected a positive number");

    private static ProcessCount Count(ErlangTerm term, string option, ParseContext context) =>
        ServiceConfigParser.TryProcessCount(term, out var count)
            ? count
            : throw OptionError(option, term, context, "expected a positive integer or float");

    /// <summary>Reads a sub-option proplist, rejecting non-pairs, unknown and repeated keys with the option's reason.</summary>
    private static List<(string Key, ErlangTerm Value)> SubOptions(
        ErlangTerm term, string option, IReadOnlyCollection<string> known, ParseContext context)
    {
        if (!TermValues.TryProperList(term, out var items))
        {
            throw OptionError(option, term, context, "expected a list of {Name, Value}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, ErlangTerm)>(items.Length);
        foreach (var item in items)
        {
            if (!TermValues.TryPair(item, out string key, out ErlangTerm value) || !known.Contains(key))
            {
                throw OptionError(option, item, context, $"expected one of {string.Join(", ", known)}");
            }

            if (!seen.Add(key))
            {
                throw OptionError(option, item, context, $"'{key}' is given more than once");
            }

            result.Add((key, value));
        }

        return result;
    }

    private static RateRequestMax? ParseRateRequestMax(ErlangTerm term, ParseContext context)
    {
        const string option = "rate_request_max";
        if (IsUndefined(term))
        {
            return null;
        }

        if (term is ErlangInteger or ErlangFloat)
        {
            return new RateRequestMax(RateRequestMax.DefaultPeriodSeconds, Positive(term, option, context));
        }

        var result = new RateRequestMax();
        foreach (var (key, value) in SubOptions(term, option, ["period", "value"], context))
        {
            result = key == "period"
                ? result with { PeriodSeconds = Integer(value, 1, uint.MaxValue, option, context) }
                : result with { Value = Positive(value, option, context) };
        }

        return result;
    }

    private static CountProcessDynamic? ParseCountProcessDynamic(ErlangTerm term, ParseContext context)
    {
        const string option = "count_process_dynamic";
        if (TermValues.IsAtom(term, "false"))
        {
            return null;
        }

        var result = CountProcessDynamic.Default;
        var subOptions = SubOptions(term, option, ["period", "rate_request_max", "rate_request_min", "count_max", "count_min"], context);
        foreach (var (key, value) in subOptions)
        {
            result = key switch
            {
                "period" => result with { PeriodSeconds = Integer(value, 1, uint.MaxValue, option, context) },
                "rate_request_max" => result with { RateRequestMax = Positive(value, option, context) },
                "rate_request_min" => result with { RateRequestMin = Positive(value, option, context) },
                "count_max" => result with { CountMax = Count(value, option, context) },
                _ => result with { CountMin = Count(value, option, context) },
            };
        }

        if (result.RateRequestMin >= result.RateRequestMax)
        {
            throw OptionError(option, term, context, "rate_request_min must be below rate_request_max");
        }

        if (result.CountMin.IsMultiplier == result.CountMax.IsMultiplier && result.CountMin.Value > result.CountMax.Value)
        {
            throw OptionError(option, term, context, "count_min must not exceed count_max");
        }

        return result;
    }

    private static MonkeyLatency? ParseMonkeyLatency(ErlangTerm term, ParseContext context)
    {
        const string option = "monkey_latency";
        if (TermValues.IsAtom(term, "false"))
        {
            return null;
        }

        if (TermValues.IsAtom(term, "system"))
        {
            return new MonkeyLatency(null, null, null, null, null, System: true);
        }

        double? uniformMin = null, uniformMax = null, mean = null, stdDev = null, absolute = null;
        var subOptions = SubOptions(
            term, option, ["time_uniform_min", "time_uniform_max", "time_gaussian_mean", "time_gaussian_stddev", "time_absolute"], context);
        foreach (var (key, value) in subOptions)
        {
            if (!TermValues.TryNumber(value, out double number) || number < 0 || (number == 0 && key is "time_uniform_max" or "time_gaussian_stddev" or "time_absolute"))
            {
                throw OptionError(option, value, context, $"{key} must be a {(key == "time_uniform_min" || key == "time_gaussian_mean" ? "non-negative" : "positive")} number of milliseconds");
            }

            switch (key)
            {
                case "time_uniform_min": uniformMin = number; break;
                case "time_uniform_max": uniformMax = number; break;
                case "time_gaussian_mean": mean = number; break;
                case "time_gaussian_stddev": stdDev = number; break;
                default: absolute = number; break;
            }
        }

        bool uniform = uniformMin is not null || uniformMax is not null;
        bool gaussian = mean is not null || stdDev is not null;
        int methods = (uniform ? 1 : 0) + (gaussian ? 1 : 0) + (absolute is not null ? 1 : 0);
        if (methods != 1)
        {
            throw OptionError(option, term, context, "give exactly one of uniform (min and max), gaussian (mean and stddev) or absolute");
        }

        if (uniform && (uniformMin is null || uniformMax is null || uniformMin > uniformMax))
        {
            throw OptionError(option, term, context, "time_uniform_min and time_uniform_max are both needed, min ≤ max");
        }

        if (gaussian && (mean is null || stdDev is null))
        {
            throw OptionError(option, term, context, "time_gaussian_mean and time_gaussian_stddev are both needed");
        }

        return new MonkeyLatency(uniformMin, uniformMax, mean, stdDev, absolute, System: false);
    }

    private static MonkeyChaos? ParseMonkeyChaos(ErlangTerm term, ParseContext context)
    {
        const string option = "monkey_chaos";
        if (TermValues.IsAtom(term, "false"))
        {
            return null;
        }

        if (TermValues.IsAtom(term, "system"))
        {
            return new MonkeyChaos(null, null, System: true);
        }

        double? request = null, day = null;
        foreach (var (key, value) in SubOptions(term, option, ["probability_request", "probability_day"], context))
        {
            if (!TermValues.TryNumber(value, out double probability) || probability < 0 || probability > 1)
            {
                throw OptionError(option, value, context, $"{key} must be a probability in 0..1");
            }

            if (key == "probability_request")
            {
                request = probability;
            }
            else
            {
                day = probability;
            }
        }

        if ((request is null) == (day is null))
        {
            throw OptionError(option, term, context, "give exactly one of probability_request or probability_day");
        }

        return new MonkeyChaos(request, day, System: false);
    }

    private static IReadOnlyList<ErlangTerm> Aspects(ErlangTerm term, string reasonOption, ParseContext context) =>
        TermValues.TryProperList(term, out var items)
            ? items
            : throw OptionError(reasonOption, term, context, "expected a list of {Module, Function} or functions");

    private static IReadOnlyList<RLimit> ParseLimit(ErlangTerm term, ParseContext context)
    {
        const string option = "limit";
        var limits = new List<RLimit>();
        foreach (var (resource, value) in SubOptions(term, option, RLimit.ResourceNames.ToArray(), context))
        {
            if (TryLimitValue(value, out ulong? simple))
            {
                limits.Add(new RLimit(resource, simple, null) { SetsMaximum = false });
                continue;
            }

            ulong? current = null, maximum = null;
            bool setsCurrent = false, setsMaximum = false;
            var parts = SubOptions(value, option, ["current", "maximum"], context);
            if (parts.Count == 0)
            {
                throw OptionError(option, value, context, "give current and/or maximum");
            }

            foreach (var (which, limitTerm) in parts)
            {
                if (!TryLimitValue(limitTerm, out ulong? limit))
                {
                    throw OptionError(option, limitTerm, context, "a limit is a non-negative integer or infinity");
                }

                if (which == "current")
                {
                    (current, setsCurrent) = (limit, true);
                }
                else
                {
                    (maximum, setsMaximum) = (limit, true);
                }
            }

            if (setsCurrent && setsMaximum && (current is null ? maximum is not null : maximum is not null && current > maximum))
            {
                throw OptionError(option, value, context, "the current limit must not exceed the maximum");
            }

            limits.Add(new RLimit(resource, current, maximum) { SetsCurrent = setsCurrent, SetsMaximum = setsMaximum });
        }

        return limits;
    }

    private static bool TryLimitValue(ErlangTerm term, out ulong? value)
    {
        value = null;
        if (TermValues.IsAtom(term, "infinity"))
        {
            return true;
        }

        if (term is ErlangInteger i && i.Value >= 0 && i.Value <= ulong.MaxValue)
        {
            value = (ulong)i.Value;
            return true;
        }

        return false;
    }

    private static OwnerSpec? ParseOwner(ErlangTerm term, ParseContext context)
    {
        const string option = "owner";
        OwnerId? user = null, group = null;
        foreach (var (key, value) in SubOptions(term, option, ["user", "group"], context))
        {
            OwnerId id = TermValues.TryIntegerIn(value, 1, uint.MaxValue, out long number) ? new OwnerId(number, null)
                : TermValues.TryNonEmptyString(value, out string name) ? new OwnerId(null, name)
                : throw OptionError(option, value, context, $"the {key} is a positive integer id or a name string");
            if (key == "user")
            {
                user = id;
            }
            else
            {
                group = id;
            }
        }

        return user is null && group is null ? null : new OwnerSpec(user, group);
    }

    private static void ValidateHibernate(ErlangTerm term, ParseContext context)
    {
        const string option = "hibernate";
        if (TermValues.TryBoolean(term, out _))
        {
            return;
        }

        foreach (var (key, value) in SubOptions(term, option, ["period", "rate_request_min"], context))
        {
            if (key == "period")
            {
                Integer(value, 1, uint.MaxValue, option, context);
            }
            else
            {
                Positive(value, option, context);
            }
        }
    }

    private static void ValidatePidOptions(ErlangTerm term, string option, ParseContext context)
    {
        if (!TermValues.TryProperList(term, out ImmutableArray<ErlangTerm> items))
        {
            throw OptionError(option, term, context, "expected a list of erlang:spawn_opt/2 options");
        }

        foreach (var item in items)
        {
            bool known = item switch
            {
                ErlangAtom atom => atom.Name == "link",
                _ => TermValues.TryPair(item, out string key, out _) && PidOptionNames.Contains(key),
            };
            if (!known)
            {
                throw OptionError(option, item, context, $"expected one of {string.Join(", ", PidOptionNames)}");
            }
        }
    }

    private static void PidUses(ErlangTerm term, string option, ParseContext context)
    {
        if (!TermValues.IsAtom(term, "infinity") && !TermValues.TryIntegerIn(term, 1, long.MaxValue, out _))
        {
            throw OptionError(option, term, context, "expected infinity or a positive integer");
        }
    }
}
