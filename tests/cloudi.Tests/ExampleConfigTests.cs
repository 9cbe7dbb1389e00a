using System.Net;

namespace CloudI.Executable.Tests;

/// <summary>examples/cloudi/cloudi.conf as the README runs it (its port moved off 6464 so tests can run anywhere).</summary>
public sealed class ExampleConfigTests
{
    [Fact]
    public async Task The_example_configuration_serves_its_services_over_HTTP()
    {
        using var dir = new TestDir();
        int port = ServiceApiOverHttpTests.FreePort();
        string text = File.ReadAllText(Cloudi.ExampleConfig);
        Assert.Contains("{port, 6464}", text);
        dir.WriteConfig(text.Replace("{port, 6464}", $"{{port, {port}}}", StringComparison.Ordinal));

        await using CloudiProcess runtime = Cloudi.Start(
            ["start", $"--config={dir.Config}", $"--code-path={Cloudi.ExamplesDir}", $"--socket={dir.Socket}"]);
        await runtime.WaitForLineAsync("cloudi started: 5 services");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        using (HttpResponseMessage xml = await http.GetAsync("/tests/http_req/csharp.xml?value=42"))
        {
            Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
            Assert.Equal("text/xml", xml.Content.Headers.ContentType?.MediaType);
            Assert.Equal("<http_test><value>42</value></http_test>", await xml.Content.ReadAsStringAsync());
        }

        Assert.Equal("1", await http.GetStringAsync("/tests/count/csharp"));
        Assert.Equal("ok", await http.GetStringAsync("/tests/messaging/run"));
        string services = await http.GetStringAsync("/cloudi/api/rpc/services.erl");
        Assert.Contains("'CloudI.Examples.MessagingService'", services);

        (int exit, _, string stderr) = await Cloudi.RunAsync("stop", $"--socket={dir.Socket}", "--timeout=20");
        Assert.True(exit == 0, stderr);
    }
}
