using CloudI.Configuration;

namespace CloudI.Api.Tests.Integration;

/// <summary>examples/cloudi/cloudi-external.conf parses and its entry starts and answers.</summary>
[Collection("External")]
public sealed class ExternalConfigFileTests : RuntimeTestBase
{
    [Fact]
    public async Task The_configuration_file_entry_starts_and_answers()
    {
        CloudIConfig config = CloudIConfigReader.Load(Path.Combine(AppContext.BaseDirectory, "cloudi-external.conf"));
        var entry = Assert.IsType<ExternalServiceConfig>(Assert.Single(config.Services));
        Assert.Equal("${CLOUDI_EXTERNAL_EXAMPLE_DLL}", entry.Args);

        // The file names the dll through the runtime's environment and dotnet by its usual path.
        Environment.SetEnvironmentVariable("CLOUDI_EXTERNAL_EXAMPLE_DLL", ExampleProgram.Dll);
        await Runtime.AddServiceAsync(entry with { FilePath = ExampleProgram.Dotnet });
        Assert.Equal("<http_test><value>42</value></http_test>",
            await Call("/tests/external/csharp.xml/get", "value\u000042\u0000"));
        Assert.Equal("e", await Call("/tests/external/echo", "e"));
    }
}
