using CloudI.Configuration;
using CloudI.Subscriptions;
using Erlang.Terms;

namespace CloudI.Tests.Configuration;

public sealed class CloudIConfigReaderTests
{
    /// <summary>Modelled on CloudI 1.5.3's default cloudi.conf.</summary>
    internal const string Realistic = """
        %-*-Mode:erlang;coding:utf-8;tab-width:4;c-basic-offset:4;indent-tabs-mode:()-*-
        % ex: set ft=erlang fenc=utf-8 sts=4 ts=4 sw=4 et nomod:
        {acl, [
            {all, [database, tests, api]},
            {database, ["/db/*"]},
            {tests, ["/tests/"]},
            {api, ["/cloudi/api/"]}
        ]}.
        {services, [
            % Service API, tuple form
            {internal,
                "/cloudi/api/",
                cloudi_service_api_requests,
                [],
                none,
                5000, 5000, 5000, undefined, undefined, 1, 5, 300,
                [{duo_mode, true}]},
            % HTTP front, proplist form
            [{prefix, "/cloudi/"},
             {module, cloudi_service_http_cowboy},
             {args, [{port, 6464}, {output, external}, {use_websockets, true}]},
             {timeout_async, 600000},
             {timeout_sync, 600000},
             {dest_list_allow, [api, "/tests/http/*/get"]},
             {count_process, 0.5},
             {options, [{request_timeout_adjustment, true}, {scope, web},
                        {queue_limit, 100}, {queue_size, 64},
                        {rate_request_max, [{period, 10}, {value, 200.5}]},
                        {aspects_request_before, [{my_aspects, log_request}]}]}],
            % an external Python service, tuple form
            {external,
                "/tests/http_req/",
                "/usr/bin/python3",
                "/usr/local/lib/cloudi-1.5.3/tests/http_req/http_req.py",
                [{"PYTHONUNBUFFERED", "1"}, {"HOME", "${HOME}"}],
                lazy_closest, tcp, default,
                5000, 5000, 5000, [database], undefined, 2, 1.5, 5, 300,
                [{limit, [{nofile, 1024}, {core, [{current, 0}, {maximum, infinity}]}]},
                 {owner, [{user, "cloudi"}, {group, 1000}]},
                 {directory, "/tmp/${USER}"},
                 {api_version, "1.5.3"},
                 {timeout_terminate, 1000},
                 {request_timeout_immediate_max, 30000}]}
        ]}.
        {nodes, [cloudi@host1, 'cloudi@host2.example.org']}.
        {logging, [{level, trace}, {file, "logs/cloudi.log"}, {redirect, undefined}]}.
        """;

    [Fact]
    public void A_realistic_configuration_parses_completely()
    {
        var config = ConfigText.Parse(Realistic);
        Assert.Equal(ConfigText.FileName, config.FileName);

        var acl = config.Acl.Expanded();
        Assert.Equal(4, acl.Count);
        Assert.Equal(["/db/*", "/tests/*", "/cloudi/api/*"], acl["all"]);
        Assert.Equal(["/db/*"], acl["database"]);
        Assert.Equal(["/tests/*"], acl["tests"]);
        Assert.Equal(["/cloudi/api/*"], acl["api"]);

        Assert.Equal(3, config.Services.Count);

        var api = Assert.IsType<InternalServiceConfig>(config.Services[0]);
        Assert.Equal("/cloudi/api/", api.Prefix);
        Assert.Equal("cloudi_service_api_requests", api.Module);
        Assert.False(api.ModuleIsString);
        Assert.Empty(api.Args);
        Assert.Equal(DestRefresh.None, api.DestRefresh);
        Assert.Equal("none", api.DestRefresh.ToString());
        Assert.Equal((5000u, 5000u, 5000u), (api.TimeoutInit, api.TimeoutAsync, api.TimeoutSync));
        Assert.Null(api.DestListDeny);
        Assert.Null(api.DestListAllow);
        Assert.Equal(ProcessCount.Exactly(1), api.CountProcess);
        Assert.Equal((5, 300), (api.MaxR, api.MaxT));
        Assert.Equal(59900u, api.TimeoutTerminate);
        Assert.Equal(["duo_mode"], api.Options.IgnoredOptions);
        Assert.Equal(new SourcePosition(ConfigText.FileName, 11, 5), api.Position);

        var http = Assert.IsType<InternalServiceConfig>(config.Services[1]);
        Assert.Equal("/cloudi/", http.Prefix);
        Assert.Equal("cloudi_service_http_cowboy", http.Module);
        Assert.Equal([ConfigText.Term("{port, 6464}"), ConfigText.Term("{output, external}"), ConfigText.Term("{use_websockets, true}")], http.Args);
        Assert.Equal(DestRefresh.Default, http.DestRefresh);
        Assert.Equal((5000u, 600000u, 600000u), (http.TimeoutInit, http.TimeoutAsync, http.TimeoutSync));
        Assert.Null(http.DestListDeny);
        Assert.NotNull(http.DestListAllow);
        Assert.Equal([new ErlangAtom("api"), ErlangList.FromString("/tests/http/*/get")], http.DestListAllow!.Entries);
        Assert.Equal(["/cloudi/api/*", "/tests/http/*/get"], config.Acl.Resolve(http.DestListAllow));
        Assert.Equal(new ProcessCount(0.5, IsMultiplier: true), http.CountProcess);
        Assert.Equal(59900u, http.TimeoutTerminate);
        Assert.True(http.Options.RequestTimeoutAdjustment);
        Assert.Equal("web", http.Options.Scope);
        Assert.Equal(100, http.Options.QueueLimit);
        Assert.Equal(64 * 1024L, http.Options.QueueSizeBytes);
        Assert.Equal(new RateRequestMax(10, 200.5), http.Options.RateRequestMax);
        Assert.Equal([ConfigText.Term("{my_aspects, log_request}")], http.Options.AspectsRequestBefore);
        Assert.Empty(http.Options.IgnoredOptions);
        Assert.Equal(new SourcePosition(ConfigText.FileName, 19, 5), http.Position);

        var python = Assert.IsType<ExternalServiceConfig>(config.Services[2]);
        Assert.Equal("/tests/http_req/", python.Prefix);
        Assert.Equal("/usr/bin/python3", python.FilePath);
        Assert.Equal("/usr/local/lib/cloudi-1.5.3/tests/http_req/http_req.py", python.Args);
        Assert.Equal([new("PYTHONUNBUFFERED", "1"), new KeyValuePair<string, string>("HOME", "${HOME}")], python.Env);
        Assert.Equal(new DestRefresh(DestRefreshMode.Lazy, DestinationRule.Closest), python.DestRefresh);
        Assert.Equal(ExternalProtocol.Tcp, python.Protocol);
        Assert.Equal(16384, python.EffectiveBufferSize);  // default, with api_version 1.5.3
        Assert.Equal([new ErlangAtom("database")], python.DestListDeny!.Entries);
        Assert.Equal(["/db/*"], config.Acl.Resolve(python.DestListDeny));
        Assert.Null(python.DestListAllow);
        Assert.Equal(ProcessCount.Exactly(2), python.CountProcess);
        Assert.Equal(new ProcessCount(1.5, IsMultiplier: true), python.CountThread);
        Assert.Equal((5, 300), (python.MaxR, python.MaxT));
        Assert.Equal(1000u, python.TimeoutTerminate);
        Assert.Equal(1000u, python.Options.TimeoutTerminate);
        Assert.Equal(30000u, python.Options.RequestTimeoutImmediateMax);
        Assert.Equal(2, python.Options.Limit.Count);
        Assert.Equal(new RLimit("nofile", 1024, null) { SetsMaximum = false }, python.Options.Limit[0]);
        Assert.Equal(new RLimit("core", 0, null), python.Options.Limit[1]);
        Assert.False(python.Options.LimitSystem);
        Assert.Equal(new OwnerSpec(new OwnerId(null, "cloudi"), new OwnerId(1000, null)), python.Options.Owner);
        Assert.Equal("/tmp/${USER}", python.Options.Directory);
        Assert.Equal("1.5.3", python.Options.ApiVersion);
        Assert.Equal(new SourcePosition(ConfigText.FileName, 31, 5), python.Position);

        Assert.Equal(["cloudi@host1", "cloudi@host2.example.org"], config.Nodes.Nodes);
        Assert.Empty(config.Nodes.Options);
        Assert.False(config.Nodes.Automatic);

        Assert.Equal(CloudILogLevel.Trace, config.Logging.Level);
        Assert.Equal("logs/cloudi.log", config.Logging.File);
        Assert.Equal(ErlangAtom.Undefined, Assert.Single(config.Logging.Other, p => p.Key == "redirect").Value);
    }

    [Theory]
    [InlineData("[{identity, \"web\"}, {facility, local3}, {level, warn}]", "web", "local3", CloudILogLevel.Warn)]
    [InlineData("[{facility, 17}]", "CloudI", "17", CloudILogLevel.Trace)]
    [InlineData("[]", "CloudI", "local0", CloudILogLevel.Trace)]
    public void A_syslog_setting_is_read_with_defaults_for_what_it_leaves_out(string proplist, string identity, string facility, CloudILogLevel level)
    {
        var config = ConfigText.Parse($"{{logging, [{{syslog, {proplist}}}]}}.\n");
        Assert.Equal(new CloudI.Runtime.SyslogSettings(identity, facility, level), CloudI.Runtime.LoggingSettings.FromConfig(config.Logging).Syslog);
    }

    [Fact]
    public void Syslog_undefined_leaves_syslog_off()
    {
        var config = ConfigText.Parse("{logging, [{syslog, undefined}]}.\n");
        Assert.Null(CloudI.Runtime.LoggingSettings.FromConfig(config.Logging).Syslog);
    }

    [Fact]
    public void An_empty_file_gives_the_defaults()
    {
        var config = ConfigText.Parse("% nothing configured\n");
        Assert.Equal(0, config.Acl.Count);
        Assert.Empty(config.Services);
        Assert.Empty(config.Nodes.Nodes);
        // CloudI 1.5.3's defaults (spec c.1).
        Assert.Equal(CloudILogLevel.Trace, config.Logging.Level);
        Assert.Equal("logs/cloudi.log", config.Logging.File);
    }

    [Fact]
    public void Sections_may_come_in_any_order_and_be_empty()
    {
        var config = ConfigText.Parse("{logging, []}.\n{nodes, automatic}.\n{services, []}.\n{acl, []}.\n");
        Assert.True(config.Nodes.Automatic);
        Assert.Empty(config.Services);
    }

    [Fact]
    public void The_nodes_proplist_form_keeps_the_other_settings()
    {
        var config = ConfigText.Parse("{nodes, [{nodes, [a@b, c@d]}, {reconnect_start, 300}, {discovery, [{multicast, []}]}]}.");
        Assert.Equal(["a@b", "c@d"], config.Nodes.Nodes);
        Assert.Equal(ErlangInteger.From(300), config.Nodes.Options["reconnect_start"]);
        Assert.True(config.Nodes.Options.ContainsKey("discovery"));
        Assert.False(config.Nodes.Options.ContainsKey("nodes"));
    }

    [Theory]
    [InlineData("fatal", CloudILogLevel.Fatal)]
    [InlineData("error", CloudILogLevel.Error)]
    [InlineData("warn", CloudILogLevel.Warn)]
    [InlineData("info", CloudILogLevel.Info)]
    [InlineData("debug", CloudILogLevel.Debug)]
    [InlineData("trace", CloudILogLevel.Trace)]
    [InlineData("off", CloudILogLevel.Off)]
    public void Every_log_level_is_read(string atom, CloudILogLevel level) =>
        Assert.Equal(level, ConfigText.Parse($"{{logging, [{{level, {atom}}}]}}.").Logging.Level);

    [Fact]
    public void Load_reads_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cloudi-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, Realistic);
        try
        {
            var config = CloudIConfigReader.Load(path);
            Assert.Equal(path, config.FileName);
            Assert.Equal(3, config.Services.Count);
            Assert.Equal(path, config.Services[0].Position?.FileName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Syntax_errors_come_from_the_term_reader() =>
        Assert.Throws<ErlangTermSyntaxException>(() => ConfigText.Parse("{services, [}."));
}
