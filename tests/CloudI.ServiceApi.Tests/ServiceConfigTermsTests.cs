using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.ServiceApi.Tests;

public sealed class ServiceConfigTermsTests
{
    [Theory]
    [InlineData("{internal, \"/a/\", m, [{x, 1}], lazy_random, 6000, 7000, 8000, [\"/b/\", acl1], undefined, 2.5, 3, 60, [{priority_default, -3}, {queue_size, 64}, {rate_request_max, [{period, 10}, {value, 50}]}, {count_process_dynamic, [{count_max, 8}]}, {timeout_terminate, 1000}, {scope, s1}, {monkey_chaos, [{probability_request, 0.5}]}, {request_timeout_adjustment, true}]}")]
    [InlineData("{external, \"/e/\", \"/usr/bin/python3\", \"a.py\", [{\"K\", \"V\"}], immediate_random, tcp, 32768, 5000, 5000, 5000, undefined, [\"/x/\"], 1, 4, 5, 300, [{limit, [{core, 0}, {nofile, [{current, 64}, {maximum, infinity}]}]}, {owner, [{user, \"nobody\"}]}, {directory, \"/tmp\"}, {monkey_latency, [{time_absolute, 5}]}]}")]
    [InlineData("[{prefix, \"/p/\"}, {module, m}]")]
    [InlineData("[{file_path, \"/bin/true\"}, {options, [{limit, system}, {monkey_latency, system}]}]")]
    public void RoundTrips(string text)
    {
        ServiceConfig config = ServiceConfigParser.Parse(ErlangText.ParseBody(text));
        ErlangTuple term = ServiceConfigTerms.ToTerm(config);
        ServiceConfig again = ServiceConfigParser.Parse(term);
        Assert.Equal(term, ServiceConfigTerms.ToTerm(again));
        Assert.Equal(config.Options.PriorityDefault, again.Options.PriorityDefault);
        Assert.Equal(config.TimeoutTerminate, again.TimeoutTerminate);
        Assert.Equal(config.CountProcess, again.CountProcess);
    }

    [Fact]
    public void DefaultsPrintAsTheSpecificationShows()
    {
        ServiceConfig config = ServiceConfigParser.Parse(ErlangText.ParseBody(
            "[{prefix, \"/cloudi/api/\"}, {module, cloudi_service_api_requests}, {dest_refresh, none}]"));
        Assert.Equal("{internal,\"/cloudi/api/\",cloudi_service_api_requests,[],none,5000,5000,5000,undefined,undefined,1,5,300,[]}",
            ErlangText.Print(ServiceConfigTerms.ToTerm(config)));
        ServiceConfig external = ServiceConfigParser.Parse(ErlangText.ParseBody("[{prefix, \"/tests/http/\"}, {file_path, \"/usr/bin/python3\"}, {args, \"http.py\"}, {dest_refresh, immediate_closest}]"));
        // The document's example comes from CloudI 1.5.3 (buffer 16384); without api_version
        // "1.5.3" a service speaks the 2.0.x layout, whose default is 65536 (spec, buffer_size).
        Assert.Equal("{external,\"/tests/http/\",\"/usr/bin/python3\",\"http.py\",[],immediate_closest,local,65536,5000,5000,5000,undefined,undefined,1,1,5,300,[]}",
            ErlangText.Print(ServiceConfigTerms.ToTerm(external)));
    }

    [Fact]
    public void IgnoredOptionsAreRememberedByTheParser()
    {
        ErlangTerm entry = ErlangText.ParseBody("[{module, m}, {options, [{duo_mode, true}, {hibernate, false}]}]");
        ServiceConfig config = ServiceConfigParser.Parse(entry);
        Assert.Equal("[{duo_mode,true}]", ErlangText.Print(ServiceConfigTerms.OptionsToTerm(config)));

        // A configuration built in code has no term: only the kept options print.
        ServiceConfig copy = config with { Prefix = "/other/" };
        Assert.Equal("[]", ErlangText.Print(ServiceConfigTerms.OptionsToTerm(copy)));
        ServiceConfigTerms.RememberOptions(copy, ServiceConfigTerms.OptionsTermOf(entry)!);
        Assert.Equal("[{duo_mode,true}]", ErlangText.Print(ServiceConfigTerms.OptionsToTerm(copy)));
    }
}
