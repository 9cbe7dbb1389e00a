namespace Erlang.Terms.Tests;

public class CloudIConfigTests
{
    // The shape of cloudi.conf as the CloudI 1.5.3 API documentation describes it.
    private const string Config = """
        %-*-Mode:erlang;coding:utf-8;tab-width:4;c-basic-offset:4;indent-tabs-mode:()-*-
        % ex: set ft=erlang fenc=utf-8 sts=4 ts=4 sw=4 et nomod:
        {acl, [
            {all, [database, tests]},
            {database, ["/db/*"]},
            {tests, ["/tests/"]},
            {sensitive, ["/accouting/", "/finance/"]}
        ]}.
        {services, [
            % internal service tuple format
            {internal,
                "/cloudi/api/",
                cloudi_service_api_requests,
                [],
                immediate_closest,
                5000, 5000, 5000, undefined, undefined, 1, 5, 300,
                [{duo_mode, true}]},
            % external service tuple format
            {external,
                "/tests/http_req/",
                "/usr/bin/python3",
                "/usr/local/lib/cloudi/tests/http_req/http_req.py",
                [{"PYTHONPATH", "/usr/local/lib/cloudi/api/python/"},
                 {"LANG", "en_US.UTF-8"}],
                none, default, default,
                5000, 5000, 5000, [api], undefined, 1, 4, 5, 300,
                [{request_timeout_adjustment, true},
                 {limit, [{stack, [{current, 8388608}, {maximum, infinity}]}]},
                 {priority_default, -2}]},
            % proplist format
            [{prefix, "/tests/msg_size/"},
             {file_path, "/usr/local/lib/cloudi/tests/msg_size/msg_size"},
             {dest_refresh, lazy_closest},
             {count_thread, 0.5},
             {timeout_terminate, 16#EA60},
             {options, [{owner, [{user, "cloudi"}]},
                        {rate_request_max, [{period, 5}, {value, 1000}]}]}]
        ]}.
        {nodes, [
            'cloudi@host1.example.org', cloudi@host2.example.org
        ]}.
        {logging, [
            {file, "logs/cloudi.log"},
            {level, trace}, % all messages
            {redirect, undefined}
        ]}.
        """;

    [Fact]
    public void ReadsARealisticConfiguration()
    {
        var terms = ErlangTermReader.ReadAll(Config, "/usr/local/etc/cloudi/cloudi.conf");
        Assert.Equal(4, terms.Count);
        Assert.Equal(new[] { "acl", "services", "nodes", "logging" },
            terms.Select(t => ((ErlangAtom)((ErlangTuple)t.Term)[0]).Name));
        Assert.Equal(new[] { 3, 9, 39, 42 }, terms.Select(t => t.Position.Line));
        Assert.All(terms, t => Assert.Equal(1, t.Position.Column));

        var services = (ErlangList)((ErlangTuple)terms[1].Term)[1];
        Assert.Equal(3, services.Count);
        var internalService = (ErlangTuple)services[0];
        Assert.Equal(14, internalService.Arity);
        Assert.True(((ErlangList)internalService[1]).TryGetString(out var prefix));
        Assert.Equal("/cloudi/api/", prefix);

        var external = (ErlangTuple)services[1];
        Assert.Equal(18, external.Arity);
        Assert.True(terms[1].TryGetPosition(external, out var pos));
        Assert.Equal(new SourcePosition("/usr/local/etc/cloudi/cloudi.conf", 19, 5), pos);
        var env = (ErlangList)external[4];
        var firstVar = (ErlangTuple)env[0];
        Assert.True(((ErlangList)firstVar[0]).TryGetString(out var name));
        Assert.Equal("PYTHONPATH", name);
        var options = (ErlangList)external[17];
        Assert.Equal(ErlangTermReader.Parse("{priority_default, -2}"), options[2]);
        Assert.Equal(ErlangTermReader.Parse("{limit, [{stack, [{current, 8388608}, {maximum, infinity}]}]}"), options[1]);

        var proplist = (ErlangList)services[2];
        Assert.Equal(new ErlangTuple(new ErlangAtom("count_thread"), new ErlangFloat(0.5)), proplist[3]);
        Assert.Equal(new ErlangTuple(new ErlangAtom("timeout_terminate"), new ErlangInteger(60000)), proplist[4]);

        var nodes = (ErlangList)((ErlangTuple)terms[2].Term)[1];
        Assert.Equal(new ErlangList(new ErlangAtom("cloudi@host1.example.org"), new ErlangAtom("cloudi@host2.example.org")), nodes);
    }

    [Fact]
    public void Configuration_ToString_ReadsBackEqual()
    {
        foreach (var t in ErlangTermReader.ReadAll(Config, "c"))
        {
            Assert.Equal(t.Term, ErlangTermReader.Parse(t.Term.ToString()));
        }
    }

    [Fact]
    public void ErrorInConfiguration_PointsAtTheLine()
    {
        string broken = Config.Replace("{level, trace}, % all messages", "{level, trace} % missing comma");
        var e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadAll(broken, "cloudi.conf"));
        Assert.Equal("cloudi.conf:45:5: expected ',', '|' or ']' in a list, found '{'", e.Message);
    }
}
