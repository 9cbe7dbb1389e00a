using CloudI.Configuration;
using CloudI.Subscriptions;
using Erlang.Terms;

namespace CloudI.Tests.Configuration;

public sealed class ServiceConfigParserTests
{
    private const string SeedExample =
        "[{internal, \"/tests/http_req/\", cloudi_service_request_rate, [{service_name, \"/tests/http_req/ruby.xml/get\"}, {request_rate, dynamic}], lazy_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, [{duo_mode, true}]}]";

    [Fact]
    public void The_services_add_example_of_the_1_5_3_document_parses()
    {
        var services = ServiceConfigParser.ParseList(ConfigText.Term(SeedExample));
        var service = Assert.IsType<InternalServiceConfig>(Assert.Single(services));
        Assert.Equal("/tests/http_req/", service.Prefix);
        Assert.Equal("cloudi_service_request_rate", service.Module);
        Assert.Equal(
            [ConfigText.Term("{service_name, \"/tests/http_req/ruby.xml/get\"}"), ConfigText.Term("{request_rate, dynamic}")],
            service.Args);
        Assert.Equal(new DestRefresh(DestRefreshMode.Lazy, DestinationRule.Closest), service.DestRefresh);
        Assert.Equal((5000u, 5000u, 5000u), (service.TimeoutInit, service.TimeoutAsync, service.TimeoutSync));
        Assert.Null(service.DestListDeny);
        Assert.Null(service.DestListAllow);
        Assert.Equal(ProcessCount.Exactly(1), service.CountProcess);
        Assert.Equal((5, 300), (service.MaxR, service.MaxT));
        Assert.Equal(["duo_mode"], service.Options.IgnoredOptions);
        Assert.Null(service.Position);
    }

    [Fact]
    public void The_internal_proplist_form_has_the_documented_defaults()
    {
        var service = Assert.IsType<InternalServiceConfig>(ServiceConfigParser.Parse(ConfigText.Term("[{module, \"lib/my_service.erl\"}]")));
        Assert.Equal("lib/my_service.erl", service.Module);
        Assert.True(service.ModuleIsString);
        Assert.Equal("/", service.Prefix);
        Assert.Empty(service.Args);
        Assert.Equal(DestRefresh.Default, service.DestRefresh);
        Assert.Equal("immediate_closest", service.DestRefresh.ToString());
        Assert.Equal((5000u, 5000u, 5000u), (service.TimeoutInit, service.TimeoutAsync, service.TimeoutSync));
        Assert.Null(service.DestListDeny);
        Assert.Null(service.DestListAllow);
        Assert.Equal(ProcessCount.Exactly(1), service.CountProcess);
        Assert.Equal((5, 300), (service.MaxR, service.MaxT));
        Assert.Same(ServiceOptions.Default, service.Options);
        Assert.Equal(59900u, service.TimeoutTerminate);
    }

    [Fact]
    public void The_external_proplist_form_has_the_documented_defaults()
    {
        var service = Assert.IsType<ExternalServiceConfig>(ServiceConfigParser.Parse(ConfigText.Term("[{type, external}, {file_path, \"/bin/svc\"}, {options, []}]")));
        Assert.Equal("/bin/svc", service.FilePath);
        Assert.Equal("/", service.Prefix);
        Assert.Equal(string.Empty, service.Args);
        Assert.Empty(service.Env);
        Assert.Equal(ExternalProtocol.Local, service.Protocol);
        Assert.Null(service.BufferSize);
        Assert.Equal(65536, service.EffectiveBufferSize);  // 2.0.x's default (spec §1.3)
        Assert.Equal(16384, (service with { Options = service.Options with { ApiVersion = "1.5.3" } }).EffectiveBufferSize);
        Assert.Equal(ProcessCount.Exactly(1), service.CountProcess);
        Assert.Equal(ProcessCount.Exactly(1), service.CountThread);
        Assert.Equal((5, 300), (service.MaxR, service.MaxT));
        Assert.Same(ServiceOptions.Default, service.Options);
    }

    [Fact]
    public void The_proplist_form_reads_every_key()
    {
        var service = Assert.IsType<ExternalServiceConfig>(ServiceConfigParser.Parse(ConfigText.Term("""
            [{type, external}, {prefix, "/x/"}, {file_path, "/bin/svc"}, {args, "-v"}, {env, [{"A", "b"}]},
             {dest_refresh, immediate_newest}, {protocol, udp}, {buffer_size, 65536},
             {timeout_init, 101}, {timeout_async, undefined}, {timeout_sync, 4294967195},
             {dest_list_deny, ["/secret/"]}, {dest_list_allow, undefined},
             {count_process, 3}, {count_thread, 0.25}, {max_r, 0}, {max_t, 2}, {options, [{priority_default, -5}]}]
            """)));
        Assert.Equal("/x/", service.Prefix);
        Assert.Equal("-v", service.Args);
        Assert.Equal([new KeyValuePair<string, string>("A", "b")], service.Env);
        Assert.Equal(new DestRefresh(DestRefreshMode.Immediate, DestinationRule.Newest), service.DestRefresh);
        Assert.Equal(ExternalProtocol.Udp, service.Protocol);
        Assert.Equal(65536, service.BufferSize);
        Assert.Equal((101u, 5000u, 4294967195u), (service.TimeoutInit, service.TimeoutAsync, service.TimeoutSync));
        Assert.Equal([ErlangList.FromString("/secret/")], service.DestListDeny!.Entries);
        Assert.Equal(["/secret/*"], new AclTable().Resolve(service.DestListDeny));
        Assert.Equal(ProcessCount.Exactly(3), service.CountProcess);
        Assert.Equal(new ProcessCount(0.25, true), service.CountThread);
        Assert.Equal((0, 2), (service.MaxR, service.MaxT));
        Assert.Equal(1900u, service.TimeoutTerminate);
        Assert.Equal(-5, service.Options.PriorityDefault);
    }

    [Fact]
    public void Every_option_has_the_documented_default()
    {
        var o = ServiceOptions.Default;
        Assert.Equal(0, o.PriorityDefault);
        Assert.Null(o.QueueLimit);
        Assert.Null(o.QueueSizeBytes);
        Assert.Null(o.RateRequestMax);
        Assert.Equal(500u, o.DestRefreshStart);
        Assert.Equal(300000u, o.DestRefreshDelay);
        Assert.Equal(RequestNameLookup.Sync, o.RequestNameLookup);
        Assert.False(o.RequestTimeoutAdjustment);
        Assert.Equal(20000u, o.RequestTimeoutImmediateMax);
        Assert.False(o.ResponseTimeoutAdjustment);
        Assert.Equal(20000u, o.ResponseTimeoutImmediateMax);
        Assert.Null(o.CountProcessDynamic);
        Assert.Null(o.TimeoutTerminate);
        Assert.Equal("default", o.Scope);
        Assert.Null(o.MonkeyLatency);
        Assert.Null(o.MonkeyChaos);
        Assert.Empty(o.AspectsInitAfter);
        Assert.Empty(o.AspectsRequestBefore);
        Assert.Empty(o.AspectsRequestAfter);
        Assert.Empty(o.AspectsInfoBefore);
        Assert.Empty(o.AspectsInfoAfter);
        Assert.Empty(o.AspectsTerminateBefore);
        Assert.Empty(o.Limit);
        Assert.False(o.LimitSystem);
        Assert.Null(o.Owner);
        Assert.Null(o.Directory);
        Assert.Null(o.ApiVersion);
        Assert.Empty(o.IgnoredOptions);
    }

    [Fact]
    public void Internal_options_are_read()
    {
        var o = ParseInternal("""
            [{priority_default, 127}, {queue_limit, 0}, {queue_size, 1}, {rate_request_max, 50},
             {dest_refresh_start, 101}, {dest_refresh_delay, 4294967295}, {request_name_lookup, async},
             {request_timeout_adjustment, true}, {request_timeout_immediate_max, 0},
             {response_timeout_adjustment, true}, {response_timeout_immediate_max, 4294967295},
             {count_process_dynamic, [{period, 10}, {rate_request_max, 500}, {rate_request_min, 5.5}, {count_max, 8}, {count_min, 2}]},
             {timeout_terminate, 10}, {scope, my_scope},
             {monkey_latency, [{time_uniform_min, 10}, {time_uniform_max, 20}]},
             {monkey_chaos, [{probability_request, 0.5}]},
             {aspects_init_after, [{m, f}]}, {aspects_request_before, [{m, g}]}, {aspects_request_after, [{m, h}]},
             {aspects_info_before, [{m, i}]}, {aspects_info_after, [{m, j}]}, {aspects_terminate_before, [{m, k}, other]},
             {hibernate, [{period, 5}, {rate_request_min, 1}]}, {reload, false}, {application_name, app},
             {automatic_loading, true}, {dispatcher_pid_options, [{priority, high}, link]}, {init_pid_options, []},
             {request_pid_uses, infinity}, {request_pid_options, [{fullsweep_after, 10}]},
             {info_pid_uses, infinity}, {info_pid_options, []}, {duo_mode, true}]
            """);
        Assert.Equal(127, o.PriorityDefault);
        Assert.Equal(0, o.QueueLimit);
        Assert.Equal(1024L, o.QueueSizeBytes);
        Assert.Equal(new RateRequestMax(5, 50), o.RateRequestMax);
        Assert.Equal(101u, o.DestRefreshStart);
        Assert.Equal(4294967295u, o.DestRefreshDelay);
        Assert.Equal(RequestNameLookup.Async, o.RequestNameLookup);
        Assert.True(o.RequestTimeoutAdjustment);
        Assert.Equal(0u, o.RequestTimeoutImmediateMax);
        Assert.True(o.ResponseTimeoutAdjustment);
        Assert.Equal(4294967295u, o.ResponseTimeoutImmediateMax);
        Assert.Equal(new CountProcessDynamic(10, 500, 5.5, ProcessCount.Exactly(8), ProcessCount.Exactly(2)), o.CountProcessDynamic);
        Assert.Equal(10u, o.TimeoutTerminate);
        Assert.Equal("my_scope", o.Scope);
        Assert.Equal(new MonkeyLatency(10, 20, null, null, null, false), o.MonkeyLatency);
        Assert.Equal(new MonkeyChaos(0.5, null, false), o.MonkeyChaos);
        Assert.Equal([ConfigText.Term("{m, f}")], o.AspectsInitAfter);
        Assert.Equal([ConfigText.Term("{m, g}")], o.AspectsRequestBefore);
        Assert.Equal([ConfigText.Term("{m, h}")], o.AspectsRequestAfter);
        Assert.Equal([ConfigText.Term("{m, i}")], o.AspectsInfoBefore);
        Assert.Equal([ConfigText.Term("{m, j}")], o.AspectsInfoAfter);
        Assert.Equal([ConfigText.Term("{m, k}"), ConfigText.Term("other")], o.AspectsTerminateBefore);
        Assert.Equal(
            ["hibernate", "reload", "application_name", "automatic_loading", "dispatcher_pid_options", "init_pid_options",
             "request_pid_uses", "request_pid_options", "info_pid_uses", "info_pid_options", "duo_mode"],
            o.IgnoredOptions);
    }

    [Fact]
    public void External_options_are_read()
    {
        var service = ServiceConfigParser.Parse(ConfigText.Term(ConfigText.External("""
            [{limit, [{stack, [{current, 8388608}, {maximum, infinity}]}, {cpu, infinity}, {as, [{maximum, 100}]}]},
             {owner, [{user, 1000}]}, {directory, undefined}, {api_version, "2.0.7"},
             {monkey_latency, system}, {monkey_chaos, [{probability_day, 1}]},
             {count_process_dynamic, []}, {rate_request_max, [{value, 7}]}, {queue_size, undefined},
             {automatic_loading, false}, {dispatcher_pid_options, []}]
            """)));
        var o = service.Options;
        Assert.Equal(
            [
                new RLimit("stack", 8388608, null),
                new RLimit("cpu", null, null) { SetsMaximum = false },
                new RLimit("as", null, 100) { SetsCurrent = false },
            ],
            o.Limit);
        Assert.Equal(new OwnerSpec(new OwnerId(1000, null), null), o.Owner);
        Assert.Null(o.Directory);
        Assert.Equal("2.0.7", o.ApiVersion);
        Assert.Equal(new MonkeyLatency(null, null, null, null, null, System: true), o.MonkeyLatency);
        Assert.Equal(new MonkeyChaos(null, 1, false), o.MonkeyChaos);
        Assert.Same(CountProcessDynamic.Default, o.CountProcessDynamic);
        Assert.Equal(new RateRequestMax(5, 7), o.RateRequestMax);
        Assert.Null(o.QueueSizeBytes);
        Assert.Equal(["automatic_loading", "dispatcher_pid_options"], o.IgnoredOptions);

        var system = ServiceConfigParser.Parse(ConfigText.Term(ConfigText.External("[{limit, system}, {monkey_chaos, system}, {monkey_latency, [{time_gaussian_mean, 5}, {time_gaussian_stddev, 0.5}]}]")));
        Assert.True(system.Options.LimitSystem);
        Assert.Empty(system.Options.Limit);
        Assert.Equal(new MonkeyChaos(null, null, true), system.Options.MonkeyChaos);
        Assert.Equal(new MonkeyLatency(null, null, 5, 0.5, null, false), system.Options.MonkeyLatency);
    }

    [Fact]
    public void Count_process_dynamic_defaults_match_the_document()
    {
        var d = CountProcessDynamic.Default;
        Assert.Equal((5.0, 1000.0, 100.0), (d.PeriodSeconds, d.RateRequestMax, d.RateRequestMin));
        Assert.Equal(new ProcessCount(4.0, true), d.CountMax);
        Assert.Equal(new ProcessCount(0.5, true), d.CountMin);
        Assert.Equal(new RateRequestMax(5, 1000), new RateRequestMax());
    }

    [Fact]
    public void Timeout_terminate_is_resolved_per_max_r_and_max_t()
    {
        Assert.Equal(500u, Service(maxR: 5, maxT: 3).TimeoutTerminate);
        Assert.Equal(400u, Service(maxR: 5, maxT: 3, options: "[{timeout_terminate, 400}]").TimeoutTerminate);
        Assert.Equal(500u, Service(maxR: 5, maxT: 3, options: "[{timeout_terminate, 500}]").TimeoutTerminate);
        Assert.Equal(2000u, Service(maxR: 5, maxT: 0).TimeoutTerminate);
        Assert.Equal(60000u, Service(maxR: 5, maxT: 0, options: "[{timeout_terminate, 60000}]").TimeoutTerminate);
        Assert.Equal(900u, Service(maxR: 0, maxT: 1).TimeoutTerminate);

        // With MaxR 0 the formula is only a default, not an upper bound (as in CloudI).
        Assert.Equal(5000u, Service(maxR: 0, maxT: 1, options: "[{timeout_terminate, 5000}]").TimeoutTerminate);

        var error = Assert.Throws<CloudIConfigException>(() => Service(maxR: 5, maxT: 3, options: "[{timeout_terminate, 501}]"));
        Assert.Equal("service_options_timeout_terminate_decrease", error.Reason);
        Assert.Equal(ErlangInteger.From(501), error.Term);

        error = Assert.Throws<CloudIConfigException>(() => Service(maxR: 100, maxT: 1));
        Assert.Equal("service_internal_max_t_increase", error.Reason);
        Assert.Equal(11u, Service(maxR: 9, maxT: 1).TimeoutTerminate); // 1000 div 9 - 100
    }

    [Fact]
    public void Errors_of_api_calls_have_no_position()
    {
        var error = Assert.Throws<CloudIConfigException>(() => ServiceConfigParser.Parse(ConfigText.Term(ConfigText.Internal("[{bogus, 1}]"))));
        Assert.Equal("service_options_invalid", error.Reason);
        Assert.Null(error.FileName);
        Assert.Null(error.Line);
        Assert.Equal("service_options_invalid: {bogus,1} (unknown option 'bogus')", error.Message);
    }

    [Fact]
    public void Positions_come_from_the_given_lookup()
    {
        var read = ErlangTermReader.ReadOne("[\n  {internal, \"/a/\", m, [], bad_refresh, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, []}]", "api");
        var error = Assert.Throws<CloudIConfigException>(() =>
            ServiceConfigParser.ParseList(read.Term, t => read.TryGetPosition(t, out var p) ? p : null));
        Assert.Equal("service_internal_dest_refresh_invalid", error.Reason);
        Assert.Equal(("api", 2, 28), (error.FileName, error.Line, error.Column));
    }

    [Fact]
    public void Parse_list_is_all_or_nothing()
    {
        var list = ConfigText.Term($"[{ConfigText.Internal()}, {ConfigText.Internal("[{queue_limit, -1}]")}]");
        var error = Assert.Throws<CloudIConfigException>(() => ServiceConfigParser.ParseList(list));
        Assert.Equal("service_options_queue_limit_invalid", error.Reason);
        Assert.Empty(ServiceConfigParser.ParseList(ErlangList.Nil));
    }

    [Fact]
    public void Long_terms_are_cut_in_the_message()
    {
        string longArgs = "[" + string.Join(", ", Enumerable.Repeat("\"0123456789\"", 40)) + "]";
        var error = Assert.Throws<CloudIConfigException>(() =>
            ServiceConfigParser.Parse(ConfigText.Term($"{{internal, \"/p/\", 7, {longArgs}, none, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, []}}")));
        Assert.Equal("service_internal_module_invalid", error.Reason);
        var bad = Assert.Throws<CloudIConfigException>(() =>
            ServiceConfigParser.Parse(ConfigText.Term($"{{internal, \"/p/\", m, {longArgs}}}")));
        Assert.Equal("service_internal_invalid", bad.Reason);
        Assert.Contains("...", bad.Message);
        Assert.True(bad.Message.Length < 400, bad.Message);
        string text = CloudIConfigException.TermText(ConfigText.Term(longArgs));
        Assert.Equal(CloudIConfigException.MaxTermTextLength + 3, text.Length);
        Assert.EndsWith("...", text);
    }

    [Theory]
    [InlineData("lazy_closest", DestRefreshMode.Lazy, DestinationRule.Closest)]
    [InlineData("lazy_furthest", DestRefreshMode.Lazy, DestinationRule.Furthest)]
    [InlineData("lazy_random", DestRefreshMode.Lazy, DestinationRule.Random)]
    [InlineData("lazy_local", DestRefreshMode.Lazy, DestinationRule.Local)]
    [InlineData("lazy_remote", DestRefreshMode.Lazy, DestinationRule.Remote)]
    [InlineData("lazy_newest", DestRefreshMode.Lazy, DestinationRule.Newest)]
    [InlineData("lazy_oldest", DestRefreshMode.Lazy, DestinationRule.Oldest)]
    [InlineData("immediate_closest", DestRefreshMode.Immediate, DestinationRule.Closest)]
    [InlineData("immediate_furthest", DestRefreshMode.Immediate, DestinationRule.Furthest)]
    [InlineData("immediate_random", DestRefreshMode.Immediate, DestinationRule.Random)]
    [InlineData("immediate_local", DestRefreshMode.Immediate, DestinationRule.Local)]
    [InlineData("immediate_remote", DestRefreshMode.Immediate, DestinationRule.Remote)]
    [InlineData("immediate_newest", DestRefreshMode.Immediate, DestinationRule.Newest)]
    [InlineData("immediate_oldest", DestRefreshMode.Immediate, DestinationRule.Oldest)]
    [InlineData("none", DestRefreshMode.None, DestinationRule.None)]
    public void Every_dest_refresh_atom_round_trips(string atom, DestRefreshMode mode, DestinationRule rule)
    {
        Assert.True(DestRefresh.TryParse(atom, out var value));
        Assert.Equal(new DestRefresh(mode, rule), value);
        Assert.Equal(atom, value.ToString());
    }

    [Theory]
    [InlineData("lazy_")]
    [InlineData("immediate")]
    [InlineData("lazy_none")]
    [InlineData("closest")]
    [InlineData("")]
    public void Other_dest_refresh_atoms_are_rejected(string atom) => Assert.False(DestRefresh.TryParse(atom, out _));

    private static ServiceOptions ParseInternal(string options) =>
        ServiceConfigParser.Parse(ConfigText.Term(ConfigText.Internal(options))).Options;

    private static ServiceConfig Service(int maxR, int maxT, string options = "[]") =>
        ServiceConfigParser.Parse(ConfigText.Term(
            $"{{internal, \"/p/\", mod, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, {maxR}, {maxT}, {options}}}"));
}
