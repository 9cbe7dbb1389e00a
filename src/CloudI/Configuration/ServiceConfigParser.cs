using CloudI.Names;
using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// Validates service entries, from the configuration file's <c>services</c> section or a
/// <c>services_add</c> call: the internal tuple form (14 elements), the external tuple form
/// (18 elements) and the proplist form (type inferred from <c>module</c> or <c>file_path</c>,
/// defaults for missing keys). Errors are <see cref="CloudIConfigException"/>s with CloudI's
/// reasons (see there).
/// </summary>
public static class ServiceConfigParser
{
    /// <summary>The largest configured timeout, in ms (TIMEOUT_MAX).</summary>
    public const uint TimeoutMax = 4294967195;

    /// <summary>Configured timeouts must be above this, in ms (TIMEOUT_DELTA).</summary>
    public const uint TimeoutDelta = 100;

    private const int InternalTupleArity = 14;
    private const int ExternalTupleArity = 18;

    private static readonly HashSet<string> InternalKeys = new(StringComparer.Ordinal)
    {
        "type", "prefix", "module", "args", "dest_refresh", "timeout_init", "timeout_async", "timeout_sync",
        "dest_list_deny", "dest_list_allow", "count_process", "max_r", "max_t", "options",
    };

    private static readonly HashSet<string> ExternalKeys = new(StringComparer.Ordinal)
    {
        "type", "prefix", "file_path", "args", "env", "dest_refresh", "protocol", "buffer_size", "timeout_init",
        "timeout_async", "timeout_sync", "dest_list_deny", "dest_list_allow", "count_process", "count_thread",
        "max_r", "max_t", "options",
    };

    /// <summary>Validates one service entry in any of the three forms.</summary>
    /// <param name="term">The entry.</param>
    /// <param name="positionOf">Where terms are in a configuration file (null for API calls), for errors and <see cref="ServiceConfig.Position"/>.</param>
    /// <exception cref="CloudIConfigException">The entry is invalid.</exception>
    public static ServiceConfig Parse(ErlangTerm term, Func<ErlangTerm, SourcePosition?>? positionOf = null)
    {
        ArgumentNullException.ThrowIfNull(term);
        return ParseCore(term, new ParseContext(positionOf));
    }

    /// <summary>
    /// Validates a list of service entries; every entry is validated before the list is
    /// returned, so nothing is started when any entry is invalid. An empty list gives an empty
    /// result (a <c>services_add</c> caller rejects it itself).
    /// </summary>
    /// <param name="list">The list of entries.</param>
    /// <param name="positionOf">Where terms are in a configuration file, or null.</param>
    /// <exception cref="CloudIConfigException">The list or an entry is invalid (the first one found).</exception>
    public static IReadOnlyList<ServiceConfig> ParseList(ErlangTerm list, Func<ErlangTerm, SourcePosition?>? positionOf = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        return ParseListCore(list, new ParseContext(positionOf));
    }

    internal static IReadOnlyList<ServiceConfig> ParseListCore(ErlangTerm list, ParseContext context)
    {
        if (!TermValues.TryProperList(list, out var items))
        {
            throw context.Error("service_invalid", list, "expected a list of services");
        }

        var services = new List<ServiceConfig>(items.Length);
        foreach (var item in items)
        {
            services.Add(ParseCore(item, context));
        }

        return services;
    }

    internal static ServiceConfig ParseCore(ErlangTerm term, ParseContext context)
    {
        SourcePosition? outer = context.Fallback;
        SourcePosition? position = context.PositionOf(term);
        context.Fallback = position ?? outer;
        try
        {
            Fields fields = ReadFields(term, context);
            ServiceConfig config = fields.External ? BuildExternal(fields, context) with { Position = position } : BuildInternal(fields, context) with { Position = position };

            // The Service API prints the options as given, including the Erlang-VM-only ones not kept in ServiceOptions.
            if (ServiceConfigTerms.OptionsTermOf(term) is { } options)
            {
                ServiceConfigTerms.RememberOptions(config, options);
            }

            return config;
        }
        finally
        {
            context.Fallback = outer;
        }
    }

    /// <summary>Reads a positive integer (exact count) or positive float (multiplier).</summary>
    internal static bool TryProcessCount(ErlangTerm term, out ProcessCount count)
    {
        count = default;
        switch (term)
        {
            case ErlangInteger i when i.TryGetInt32(out int n) && n > 0:
                count = ProcessCount.Exactly(n);
                return true;
            case ErlangFloat f when f.Value > 0:
                count = new ProcessCount(f.Value, IsMultiplier: true);
                return true;
            default:
                return false;
        }
    }

    private static Fields ReadFields(ErlangTerm term, ParseContext context)
    {
        if (term is ErlangTuple { Arity: > 0 } tuple && tuple[0] is ErlangAtom type)
        {
            if (type.Name == "internal")
            {
                if (tuple.Arity != InternalTupleArity)
                {
                    throw context.Error("service_internal_invalid", term, $"the internal tuple form has {InternalTupleArity} elements, not {tuple.Arity}");
                }

                var e = tuple.Elements;
                return new Fields
                {
                    External = false, Prefix = e[1], Module = e[2], Args = e[3], DestRefresh = e[4], TimeoutInit = e[5],
                    TimeoutAsync = e[6], TimeoutSync = e[7], DestListDeny = e[8], DestListAllow = e[9],
                    CountProcess = e[10], MaxR = e[11], MaxT = e[12], Options = e[13],
                };
            }

            if (type.Name == "external")
            {
                if (tuple.Arity != ExternalTupleArity)
                {
                    throw context.Error("service_external_invalid", term, $"the external tuple form has {ExternalTupleArity} elements, not {tuple.Arity}");
                }

                var e = tuple.Elements;
                return new Fields
                {
                    External = true, Prefix = e[1], FilePath = e[2], Args = e[3], Env = e[4], DestRefresh = e[5],
                    Protocol = e[6], BufferSize = e[7], TimeoutInit = e[8], TimeoutAsync = e[9], TimeoutSync = e[10],
                    DestListDeny = e[11], DestListAllow = e[12], CountProcess = e[13], CountThread = e[14],
                    MaxR = e[15], MaxT = e[16], Options = e[17],
                };
            }
        }

        if (TermValues.TryProperList(term, out var items) && !items.IsEmpty)
        {
            return ReadProplist(term, items, context);
        }

        throw context.Error("service_invalid", term, "expected an {internal, ...} or {external, ...} tuple or a service proplist");
    }

    private static Fields ReadProplist(ErlangTerm term, System.Collections.Immutable.ImmutableArray<ErlangTerm> items, ParseContext context)
    {
        var values = new Dictionary<string, ErlangTerm>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (TermValues.TryPair(item, out string key, out ErlangTerm value))
            {
                values.TryAdd(key, value);
            }
        }

        bool hasModule = values.ContainsKey("module");
        bool hasFilePath = values.ContainsKey("file_path");
        bool? external = null;
        if (!values.TryGetValue("type", out var typeTerm) || TermValues.IsAtom(typeTerm, "undefined"))
        {
            external = hasModule && !hasFilePath ? false : hasFilePath && !hasModule ? true : null;
        }
        else if (TermValues.IsAtom(typeTerm, "internal") && hasModule && !hasFilePath)
        {
            external = false;
        }
        else if (TermValues.IsAtom(typeTerm, "external") && hasFilePath && !hasModule)
        {
            external = true;
        }

        if (external is not bool isExternal)
        {
            throw context.Error("service_invalid", term, "the service type cannot be inferred: give either module (internal) or file_path (external)");
        }

        string reason = isExternal ? "service_external_invalid" : "service_internal_invalid";
        var allowed = isExternal ? ExternalKeys : InternalKeys;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!TermValues.TryPair(item, out string key, out _))
            {
                throw context.Error(reason, item, "a service proplist entry is {Key, Value}");
            }

            if (!allowed.Contains(key))
            {
                throw context.Error(reason, item, $"'{key}' is not a key of {(isExternal ? "external" : "internal")} services");
            }

            if (!seen.Add(key))
            {
                throw context.Error(reason, item, $"'{key}' is given more than once");
            }
        }

        ErlangTerm? Get(string key) => values.TryGetValue(key, out var v) ? v : null;
        return new Fields
        {
            External = isExternal,
            Prefix = Get("prefix"), Module = Get("module"), FilePath = Get("file_path"), Args = Get("args"), Env = Get("env"),
            DestRefresh = Get("dest_refresh"), Protocol = Get("protocol"), BufferSize = Get("buffer_size"),
            TimeoutInit = Get("timeout_init"), TimeoutAsync = Get("timeout_async"), TimeoutSync = Get("timeout_sync"),
            DestListDeny = Get("dest_list_deny"), DestListAllow = Get("dest_list_allow"),
            CountProcess = Get("count_process"), CountThread = Get("count_thread"),
            MaxR = Get("max_r"), MaxT = Get("max_t"), Options = Get("options"),
        };
    }

    private static InternalServiceConfig BuildInternal(Fields fields, ParseContext context)
    {
        const string kind = "internal";
        string prefix = Prefix(fields.Prefix, kind, context);
        string module;
        bool moduleIsString = false;
        if (fields.Module is ErlangAtom moduleAtom && moduleAtom.Name.Length > 0)
        {
            module = moduleAtom.Name;
        }
        else if (fields.Module is not null && TermValues.TryNonEmptyString(fields.Module, out module))
        {
            moduleIsString = true;
        }
        else
        {
            throw context.Error("service_internal_module_invalid", fields.Module, "expected a module atom or a non-empty string");
        }

        IReadOnlyList<ErlangTerm> args = [];
        if (fields.Args is not null)
        {
            args = TermValues.TryProperList(fields.Args, out var argItems)
                ? argItems
                : throw context.Error("service_internal_args_invalid", fields.Args, "expected a list");
        }

        var common = Common(fields, kind, context);
        return new InternalServiceConfig
        {
            Prefix = prefix,
            Module = module,
            ModuleIsString = moduleIsString,
            Args = args,
        }.WithCommon(common);
    }

    private static ExternalServiceConfig BuildExternal(Fields fields, ParseContext context)
    {
        const string kind = "external";
        string prefix = Prefix(fields.Prefix, kind, context);
        if (fields.FilePath is null || !TermValues.TryNonEmptyString(fields.FilePath, out string filePath))
        {
            throw context.Error("service_external_file_path_invalid", fields.FilePath, "expected a non-empty string");
        }

        string args = string.Empty;
        if (fields.Args is not null && !TermValues.TryString(fields.Args, out args))
        {
            throw context.Error("service_external_args_invalid", fields.Args, "expected a string");
        }

        var env = new List<KeyValuePair<string, string>>();
        if (fields.Env is not null)
        {
            if (!TermValues.TryProperList(fields.Env, out var envItems))
            {
                throw context.Error("service_external_env_invalid", fields.Env, "expected a list of {Name, Value} strings");
            }

            foreach (var item in envItems)
            {
                if (item is not ErlangTuple { Arity: 2 } pair
                    || !TermValues.TryNonEmptyString(pair[0], out string name)
                    || !TermValues.TryString(pair[1], out string value))
                {
                    throw context.Error("service_external_env_invalid", item, "an environment entry is {Name, Value}, both strings, the name non-empty");
                }

                env.Add(new KeyValuePair<string, string>(name, value));
            }
        }

        ParseDestRefresh(fields.DestRefresh, kind, context); // CloudI checks dest_refresh before protocol
        ExternalProtocol protocol = ExternalProtocol.Local;
        if (fields.Protocol is not null)
        {
            protocol = fields.Protocol is ErlangAtom p
                ? p.Name switch
                {
                    "default" or "local" => ExternalProtocol.Local,
                    "tcp" => ExternalProtocol.Tcp,
                    "udp" => ExternalProtocol.Udp,
                    _ => throw context.Error("service_external_protocol_invalid", fields.Protocol, "expected default, local, tcp or udp"),
                }
                : throw context.Error("service_external_protocol_invalid", fields.Protocol, "expected default, local, tcp or udp");
        }

        int? bufferSize = null;
        if (fields.BufferSize is not null && !TermValues.IsAtom(fields.BufferSize, "default"))
        {
            bufferSize = TermValues.TryIntegerIn(fields.BufferSize, ExternalServiceConfig.MinBufferSize, int.MaxValue, out long size)
                ? (int)size
                : throw context.Error("service_external_buffer_size_invalid", fields.BufferSize, $"expected default or an integer ≥ {ExternalServiceConfig.MinBufferSize}");
        }

        var common = Common(fields, kind, context);
        return new ExternalServiceConfig
        {
            Prefix = prefix,
            FilePath = filePath,
            Args = args,
            Env = env,
            Protocol = protocol,
            BufferSize = bufferSize,
            CountThread = common.CountThread,
        }.WithCommon(common);
    }

    private static string Prefix(ErlangTerm? term, string kind, ParseContext context)
    {
        if (term is null)
        {
            return "/";
        }

        if (!TermValues.TryNonEmptyString(term, out string prefix))
        {
            throw context.Error($"service_{kind}_prefix_invalid", term, "expected a non-empty string");
        }

        // The syntax the runtime subscribes with (2.0.x, `?` a wildcard): a prefix it would refuse
        // at every subscribe is a configuration error here.
        string? error = ServiceNames.PatternError(prefix, ServiceNameFlavor.Version20);
        return error is null ? prefix : throw context.Error($"service_{kind}_prefix_invalid", term, error);
    }

    private static DestRefresh ParseDestRefresh(ErlangTerm? term, string kind, ParseContext context)
    {
        if (term is null)
        {
            return CloudI.Configuration.DestRefresh.Default;
        }

        return term is ErlangAtom atom && CloudI.Configuration.DestRefresh.TryParse(atom.Name, out var value)
            ? value
            : throw context.Error($"service_{kind}_dest_refresh_invalid", term, "expected lazy_* or immediate_* (closest, furthest, random, local, remote, newest, oldest) or none");
    }

    private static uint Timeout(ErlangTerm? term, string reason, ParseContext context)
    {
        if (term is null || TermValues.IsAtom(term, "undefined"))
        {
            return ServiceConfig.DefaultTimeout;
        }

        return TermValues.TryIntegerIn(term, TimeoutDelta + 1, TimeoutMax, out long value)
            ? (uint)value
            : throw context.Error(reason, term, $"expected an integer in {TimeoutDelta + 1}..{TimeoutMax}");
    }

    private static AclSpec? DestList(ErlangTerm? term, DestRefresh destRefresh, string reason, ParseContext context)
    {
        if (term is null || TermValues.IsAtom(term, "undefined"))
        {
            return null;
        }

        // A bare string is a list of character codes in Erlang; reject it as a whole rather than per character.
        if (!TermValues.TryProperList(term, out var entries) || term is ErlangList { IsStringLiteral: true, IsEmpty: false })
        {
            throw context.Error(reason, term, "expected undefined or a list of ACL names and patterns");
        }

        if (destRefresh.Mode == DestRefreshMode.None)
        {
            throw context.Error(reason, term, "a service with dest_refresh none cannot send, so it takes no ACL lists");
        }

        foreach (var entry in entries)
        {
            if (entry is not ErlangAtom && !TermValues.TryString(entry, out _))
            {
                throw context.Error(reason, entry, "an ACL entry is an atom or a string");
            }

            AclTable.ValidateEntry(entry, context);
        }

        return new AclSpec(entries);
    }

    private static CommonFields Common(Fields fields, string kind, ParseContext context)
    {
        var destRefresh = ParseDestRefresh(fields.DestRefresh, kind, context);
        uint timeoutInit = Timeout(fields.TimeoutInit, $"service_{kind}_timeout_init_invalid", context);
        uint timeoutAsync = Timeout(fields.TimeoutAsync, $"service_{kind}_timeout_async_invalid", context);
        uint timeoutSync = Timeout(fields.TimeoutSync, $"service_{kind}_timeout_sync_invalid", context);
        var deny = DestList(fields.DestListDeny, destRefresh, $"service_{kind}_dest_list_deny_invalid", context);
        var allow = DestList(fields.DestListAllow, destRefresh, $"service_{kind}_dest_list_allow_invalid", context);

        var countProcess = ProcessCount.Exactly(1);
        if (fields.CountProcess is not null && !TryProcessCount(fields.CountProcess, out countProcess))
        {
            throw context.Error($"service_{kind}_count_process_invalid", fields.CountProcess, "expected a positive integer or a positive float");
        }

        var countThread = ProcessCount.Exactly(1);
        if (fields.CountThread is not null && !TryProcessCount(fields.CountThread, out countThread))
        {
            throw context.Error("service_external_count_thread_invalid", fields.CountThread, "expected a positive integer or a positive float");
        }

        int maxR = ServiceConfig.DefaultMaxR;
        if (fields.MaxR is not null)
        {
            maxR = TermValues.TryIntegerIn(fields.MaxR, 0, int.MaxValue, out long r)
                ? (int)r
                : throw context.Error($"service_{kind}_max_r_invalid", fields.MaxR, "expected a non-negative integer");
        }

        int maxT = ServiceConfig.DefaultMaxT;
        if (fields.MaxT is not null)
        {
            maxT = TermValues.TryIntegerIn(fields.MaxT, 0, int.MaxValue, out long t)
                ? (int)t
                : throw context.Error($"service_{kind}_max_t_invalid", fields.MaxT, "expected a non-negative integer (seconds)");
        }

        if (TerminateTimeout.MaxTTooSmall(maxR, maxT))
        {
            throw context.Error(
                $"service_{kind}_max_t_increase",
                fields.MaxT ?? ErlangInteger.From(maxT),
                $"MaxT {maxT} s over MaxR {maxR} restarts leaves less than {TerminateTimeout.Min} ms to terminate");
        }

        var options = ServiceOptions.Default;
        ErlangTerm? timeoutTerminateTerm = null;
        if (fields.Options is not null)
        {
            options = ServiceOptionsParser.Parse(fields.Options, fields.External, context, out timeoutTerminateTerm);
        }

        uint formula = TerminateTimeout.Default(maxR, maxT);
        if (options.TimeoutTerminate is uint explicitTimeout && TerminateTimeout.IsUpperBound(maxR, maxT) && explicitTimeout > formula)
        {
            throw context.Error(
                "service_options_timeout_terminate_decrease",
                timeoutTerminateTerm,
                $"with MaxR {maxR} and MaxT {maxT} the termination timeout may be at most {formula} ms");
        }

        return new CommonFields(
            destRefresh, timeoutInit, timeoutAsync, timeoutSync, deny, allow, countProcess, countThread, maxR, maxT,
            options, options.TimeoutTerminate ?? formula);
    }

    private static T WithCommon<T>(this T config, CommonFields common)
        where T : ServiceConfig =>
        (T)((ServiceConfig)config with
        {
            DestRefresh = common.DestRefresh,
            TimeoutInit = common.TimeoutInit,
            TimeoutAsync = common.TimeoutAsync,
            TimeoutSync = common.TimeoutSync,
            DestListDeny = common.DestListDeny,
            DestListAllow = common.DestListAllow,
            CountProcess = common.CountProcess,
            MaxR = common.MaxR,
            MaxT = common.MaxT,
            Options = common.Options,
            TimeoutTerminate = common.TimeoutTerminate,
        });

    private sealed record CommonFields(
        DestRefresh DestRefresh,
        uint TimeoutInit,
        uint TimeoutAsync,
        uint TimeoutSync,
        AclSpec? DestListDeny,
        AclSpec? DestListAllow,
        ProcessCount CountProcess,
        ProcessCount CountThread,
        int MaxR,
        int MaxT,
        ServiceOptions Options,
        uint TimeoutTerminate);

    // The raw terms of an entry, whichever form it came in; null where the proplist left a key out.
    private sealed class Fields
    {
        public bool External { get; init; }

        public ErlangTerm? Prefix { get; init; }

        public ErlangTerm? Module { get; init; }

        public ErlangTerm? FilePath { get; init; }

        public ErlangTerm? Args { get; init; }

        public ErlangTerm? Env { get; init; }

        public ErlangTerm? DestRefresh { get; init; }

        public ErlangTerm? Protocol { get; init; }

        public ErlangTerm? BufferSize { get; init; }

        public ErlangTerm? TimeoutInit { get; init; }

        public ErlangTerm? TimeoutAsync { get; init; }

        public ErlangTerm? TimeoutSync { get; init; }

        public ErlangTerm? DestListDeny { get; init; }

        public ErlangTerm? DestListAllow { get; init; }

        public ErlangTerm? CountProcess { get; init; }

        public ErlangTerm? CountThread { get; init; }

        public ErlangTerm? MaxR { get; init; }

        public ErlangTerm? MaxT { get; init; }

        public ErlangTerm? Options { get; init; }
    }
}
