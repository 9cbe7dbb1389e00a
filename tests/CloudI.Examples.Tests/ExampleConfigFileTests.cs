using CloudI.Configuration;
using CloudI.Services;

namespace CloudI.Examples.Tests;

public sealed class ExampleConfigFileTests : ExamplesTestBase
{
    private static readonly string s_path = Path.Combine(AppContext.BaseDirectory, "cloudi.conf");

    [Fact]
    public void ConfigFile_HasTheFourSections_AndBothServiceForms()
    {
        var sections = Erlang.Terms.ErlangTermReader.ReadAll(File.ReadAllText(s_path), s_path)
            .Select(t => ((Erlang.Terms.ErlangTuple)t.Term)[0].ToString()).ToList();
        Assert.Equal(["acl", "services", "nodes", "logging"], sections);

        // As the cloudi command would: the examples' assembly is found through a code path.
        Runtime.ServiceTypes.AddCodePath(AppContext.BaseDirectory);
        var services = ConfigFileServices.Read(s_path);
        Assert.Equal(
            ["cloudi_service_api_requests", "cloudi_service_http_cowboy",
             "CloudI.Examples.CounterService", "CloudI.Examples.HttpReqService", "CloudI.Examples.MessagingService"],
            services.Select(s => s.Module));
        Assert.All(Examples(), s => Assert.NotNull(Runtime.ServiceTypes.Resolve(s.Module, out _)));
    }

    /// <summary>The example services of the file (the stock API and HTTP front are the cloudi executable's, tested there).</summary>
    private static List<InternalServiceConfig> Examples() =>
        [.. ConfigFileServices.Read(s_path).Where(s => s.Module.StartsWith("CloudI.Examples.", StringComparison.Ordinal))];

    [Fact]
    public async Task ConfigFileServices_StartAndAnswer()
    {
        Runtime.ServiceTypes.AddCodePath(AppContext.BaseDirectory);
        await Runtime.AddServicesAsync(Examples());
        ServiceDispatcher context = Runtime.CreateContext();

        Assert.Equal("1", await Call(context, "/tests/count/csharp/get"));
        Assert.Equal("<http_test><value>42</value></http_test>",
            await Call(context, "/tests/http_req/csharp.xml/get", "value\u000042\u0000"));
        Assert.Equal("ok", await Call(context, "/tests/messaging/run", "", 15000));
    }
}
