using System.Runtime.CompilerServices;
using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// Writes a <see cref="ServiceConfig"/> back as its Erlang tuple form (what the Service API's
/// <c>services</c> and <c>services_search</c> print): all 14 (internal) or 18 (external) fields,
/// with the options proplist holding only the options that differ from their defaults. The
/// result parses back (<see cref="ServiceConfigParser.Parse"/>) to an equal configuration.
/// </summary>
public static class ServiceConfigTerms
{
    // Options the runtime validates but does not keep (Erlang-VM-only), with their defaults.
    private static readonly Dictionary<string, ErlangTerm> IgnoredDefaults = new(StringComparer.Ordinal)
    {
        ["duo_mode"] = ErlangAtom.False,
        ["hibernate"] = ErlangAtom.False,
        ["reload"] = ErlangAtom.False,
        ["application_name"] = ErlangAtom.Undefined,
        ["automatic_loading"] = ErlangAtom.True,
        ["dispatcher_pid_options"] = ErlangList.Nil,
        ["init_pid_options"] = ErlangList.Nil,
        ["request_pid_uses"] = ErlangInteger.From(1),
        ["request_pid_options"] = ErlangList.Nil,
        ["info_pid_uses"] = new ErlangAtom("infinity"),
        ["info_pid_options"] = ErlangList.Nil,
    };

    private static readonly ConditionalWeakTable<ServiceConfig, ErlangTerm> OptionTerms = new();

    /// <summary>
    /// Remembers the options term a configuration was parsed from, so the Erlang-VM-only options
    /// (<c>duo_mode</c>, <c>hibernate</c>, …), whose values <see cref="ServiceOptions"/> does not
    /// keep, are printed too.
    /// </summary>
    /// <param name="config">The parsed configuration (this exact instance).</param>
    /// <param name="options">Its options proplist as given.</param>
    public static void RememberOptions(ServiceConfig config, ErlangTerm options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        OptionTerms.AddOrUpdate(config, options);
    }

    /// <summary>The options proplist of a service entry in any form (tuple or proplist), or null.</summary>
    public static ErlangTerm? OptionsTermOf(ErlangTerm serviceEntry) => serviceEntry switch
    {
        ErlangTuple { Arity: 14 } t when t[0] is ErlangAtom { Name: "internal" } => t[13],
        ErlangTuple { Arity: 18 } t when t[0] is ErlangAtom { Name: "external" } => t[17],
        ErlangList { IsProper: true } list => list.Elements
            .OfType<ErlangTuple>()
            .FirstOrDefault(e => e.Arity == 2 && e[0] is ErlangAtom { Name: "options" })?[1],
        _ => null,
    };

    /// <summary>The tuple form of <paramref name="config"/>.</summary>
    public static ErlangTuple ToTerm(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ErlangTerm options = OptionsToTerm(config);
        switch (config)
        {
            case InternalServiceConfig i:
                return new ErlangTuple(
                    Atom("internal"), Str(i.Prefix),
                    i.ModuleIsString ? Str(i.Module) : Atom(i.Module),
                    new ErlangList([.. i.Args]),
                    Atom(i.DestRefresh.ToString()),
                    Int(i.TimeoutInit), Int(i.TimeoutAsync), Int(i.TimeoutSync),
                    DestList(i.DestListDeny), DestList(i.DestListAllow),
                    Count(i.CountProcess), Int(i.MaxR), Int(i.MaxT), options);
            case ExternalServiceConfig e:
                return new ErlangTuple(
                    Atom("external"), Str(e.Prefix), Str(e.FilePath), Str(e.Args),
                    new ErlangList([.. e.Env.Select(p => (ErlangTerm)new ErlangTuple(Str(p.Key), Str(p.Value)))]),
                    Atom(e.DestRefresh.ToString()),
                    Atom(e.Protocol switch { ExternalProtocol.Tcp => "tcp", ExternalProtocol.Udp => "udp", _ => "local" }),
                    Int(e.EffectiveBufferSize),
                    Int(e.TimeoutInit), Int(e.TimeoutAsync), Int(e.TimeoutSync),
                    DestList(e.DestListDeny), DestList(e.DestListAllow),
                    Count(e.CountProcess), Count(e.CountThread), Int(e.MaxR), Int(e.MaxT), options);
            default:
                throw new ArgumentException("unknown service configuration", nameof(config));
        }
    }

    /// <summary>The options proplist of <paramref name="config"/>, default options left out.</summary>
    public static ErlangList OptionsToTerm(ServiceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ServiceOptions o = config.Options;
        ServiceOptions d = ServiceOptions.Default;
        var items = new List<ErlangTerm>();
        void Add(string key, ErlangTerm value) => items.Add(new ErlangTuple(Atom(key), value));

        if (o.PriorityDefault != d.PriorityDefault)
        {
            Add("priority_default", Int(o.PriorityDefault));
        }

        if (o.QueueLimit is int queueLimit)
        {
            Add("queue_limit", Int(queueLimit));
        }

        if (o.QueueSizeBytes is long queueSize)
        {
            Add("queue_size", Int(queueSize / 1024));
        }

        if (o.RateRequestMax is { } rate)
        {
            Add("rate_request_max", rate.PeriodSeconds == RateRequestMax.DefaultPeriodSeconds
                ? Number(rate.Value)
                : Props(("period", Number(rate.PeriodSeconds)), ("value", Number(rate.Value))));
        }

        if (o.DestRefreshStart != d.DestRefreshStart)
        {
            Add("dest_refresh_start", Int(o.DestRefreshStart));
        }

        if (o.DestRefreshDelay != d.DestRefreshDelay)
        {
            Add("dest_refresh_delay", Int(o.DestRefreshDelay));
        }

        if (o.RequestNameLookup != d.RequestNameLookup)
        {
            Add("request_name_lookup", Atom(o.RequestNameLookup == RequestNameLookup.Async ? "async" : "sync"));
        }

        if (o.RequestTimeoutAdjustment)
        {
            Add("request_timeout_adjustment", ErlangAtom.True);
        }

        if (o.RequestTimeoutImmediateMax != d.RequestTimeoutImmediateMax)
        {
            Add("request_timeout_immediate_max", Int(o.RequestTimeoutImmediateMax));
        }

        if (o.ResponseTimeoutAdjustment)
        {
            Add("response_timeout_adjustment", ErlangAtom.True);
        }

        if (o.ResponseTimeoutImmediateMax != d.ResponseTimeoutImmediateMax)
        {
            Add("response_timeout_immediate_max", Int(o.ResponseTimeoutImmediateMax));
        }

        if (o.CountProcessDynamic is { } dynamic)
        {
            Add("count_process_dynamic", CountProcessDynamicTerm(dynamic));
        }

        if (o.TimeoutTerminate is uint terminate)
        {
            Add("timeout_terminate", Int(terminate));
        }

        if (o.Scope != d.Scope)
        {
            Add("scope", Atom(o.Scope));
        }

        if (o.MonkeyLatency is { } latency)
        {
            Add("monkey_latency", latency.System ? Atom("system") : Props(
                ("time_uniform_min", Opt(latency.UniformMin)), ("time_uniform_max", Opt(latency.UniformMax)),
                ("time_gaussian_mean", Opt(latency.GaussianMean)), ("time_gaussian_stddev", Opt(latency.GaussianStdDev)),
                ("time_absolute", Opt(latency.Absolute))));
        }

        if (o.MonkeyChaos is { } chaos)
        {
            Add("monkey_chaos", chaos.System ? Atom("system") : Props(
                ("probability_request", OptFloat(chaos.ProbabilityRequest)), ("probability_day", OptFloat(chaos.ProbabilityDay))));
        }

        AddAspects(items, "aspects_init_after", o.AspectsInitAfter);
        AddAspects(items, "aspects_request_before", o.AspectsRequestBefore);
        AddAspects(items, "aspects_request_after", o.AspectsRequestAfter);
        AddAspects(items, "aspects_info_before", o.AspectsInfoBefore);
        AddAspects(items, "aspects_info_after", o.AspectsInfoAfter);
        AddAspects(items, "aspects_terminate_before", o.AspectsTerminateBefore);

        if (o.LimitSystem)
        {
            Add("limit", Atom("system"));
        }
        else if (o.Limit.Count > 0)
        {
            Add("limit", new ErlangList([.. o.Limit.Select(LimitTerm)]));
        }

        if (o.Owner is { } owner)
        {
            Add("owner", Props(("user", OwnerTerm(owner.User)), ("group", OwnerTerm(owner.Group))));
        }

        if (o.Directory is { } directory)
        {
            Add("directory", Str(directory));
        }

        if (o.ApiVersion is { } apiVersion)
        {
            Add("api_version", Str(apiVersion));
        }

        if (o.IgnoredOptions.Count > 0 && OptionTerms.TryGetValue(config, out ErlangTerm? raw) && raw is ErlangList { IsProper: true } rawList)
        {
            foreach (ErlangTerm item in rawList.Elements)
            {
                if (item is ErlangTuple { Arity: 2 } pair && pair[0] is ErlangAtom key
                    && o.IgnoredOptions.Contains(key.Name)
                    && !(IgnoredDefaults.TryGetValue(key.Name, out ErlangTerm? def) && def.Equals(pair[1])))
                {
                    items.Add(item);
                }
            }
        }

        return new ErlangList([.. items]);
    }

    private static void AddAspects(List<ErlangTerm> items, string key, IReadOnlyList<ErlangTerm> aspects)
    {
        if (aspects.Count > 0)
        {
            items.Add(new ErlangTuple(Atom(key), new ErlangList([.. aspects])));
        }
    }

    private static ErlangTerm CountProcessDynamicTerm(CountProcessDynamic value)
    {
        CountProcessDynamic d = CountProcessDynamic.Default;
        return Props(
            ("period", value.PeriodSeconds == d.PeriodSeconds ? null : Number(value.PeriodSeconds)),
            ("rate_request_max", value.RateRequestMax == d.RateRequestMax ? null : Number(value.RateRequestMax)),
            ("rate_request_min", value.RateRequestMin == d.RateRequestMin ? null : Number(value.RateRequestMin)),
            ("count_max", value.CountMax == d.CountMax ? null : Count(value.CountMax)),
            ("count_min", value.CountMin == d.CountMin ? null : Count(value.CountMin)));
    }

    private static ErlangTerm LimitTerm(RLimit limit)
    {
        static ErlangTerm Value(ulong? v) => v is ulong n ? new ErlangInteger(new System.Numerics.BigInteger(n)) : Atom("infinity");
        if (!limit.SetsMaximum && limit.SetsCurrent)
        {
            return new ErlangTuple(Atom(limit.Resource), Value(limit.Current));
        }

        return new ErlangTuple(Atom(limit.Resource), Props(
            ("current", limit.SetsCurrent ? Value(limit.Current) : null),
            ("maximum", limit.SetsMaximum ? Value(limit.Maximum) : null)));
    }

    private static ErlangTerm? OwnerTerm(OwnerId? id) => id switch
    {
        null => null,
        { Id: long n } => Int(n),
        { Name: string name } => Str(name),
        _ => null,
    };

    private static ErlangList Props(params (string Key, ErlangTerm? Value)[] pairs) =>
        new([.. pairs.Where(p => p.Value is not null).Select(p => (ErlangTerm)new ErlangTuple(Atom(p.Key), p.Value!))]);

    private static ErlangTerm? Opt(double? value) => value is double v ? Number(v) : null;

    private static ErlangTerm? OptFloat(double? value) => value is double v ? new ErlangFloat(v) : null;

    private static ErlangTerm DestList(AclSpec? spec) => spec is null ? ErlangAtom.Undefined : new ErlangList([.. spec.Entries]);

    private static ErlangTerm Count(ProcessCount count) =>
        count.IsMultiplier ? new ErlangFloat(count.Value) : Int((long)count.Value);

    private static ErlangTerm Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? Int((long)value) : new ErlangFloat(value);

    private static ErlangAtom Atom(string name) => new(name);

    private static ErlangList Str(string text) => ErlangList.FromString(text);

    private static ErlangInteger Int(long value) => ErlangInteger.From(value);
}
