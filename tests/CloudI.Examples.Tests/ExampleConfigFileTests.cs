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
            ["CloudI.Examples.CounterService", "CloudI.Examples.HttpReqService", "CloudI.Examples.MessagingService"],
            services.Select(s => s.Module));
        Assert.All(services, s => Assert.NotNull(Runtime.ServiceTypes.Resolve(s.Module, out _)));
    }

    [Fact]
    public async Task ConfigFileServices_StartAndAnswer()
    {
        Runtime.ServiceTypes.AddCodePath(AppContext.BaseDirectory);
        await Runtime.AddServicesAsync(ConfigFileServices.Read(s_path));
        ServiceDispatcher context = Runtime.CreateContext();

        Assert.Equal("1", await Call(context, "/tests/count/csharp/get"));
        Assert.Equal("<http_test><value>42</value></http_test>",
            await Call(context, "/tests/http_req/csharp.xml/get", "value\u000042\u0000"));
        Assert.Equal("ok", await Call(context, "/tests/messaging/run", "", 15000));
    }
}
