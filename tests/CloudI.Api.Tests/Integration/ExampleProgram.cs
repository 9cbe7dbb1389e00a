using CloudI.Configuration;

namespace CloudI.Api.Tests.Integration;

/// <summary>Where the example external service was built and how to configure it.</summary>
internal static class ExampleProgram
{
    /// <summary>The <c>dotnet</c> host that runs the example's dll.</summary>
    public static string Dotnet { get; } = FindDotnet();

    /// <summary>examples/CloudI.ExternalExample's dll, of the configuration these tests were built with.</summary>
    public static string Dll { get; } = FindDll();

    public static ExternalServiceConfig Config(string prefix, ExternalProtocol protocol = ExternalProtocol.Local,
        int threads = 1, int processes = 1, string? apiVersion = null) => new()
    {
        Prefix = prefix,
        FilePath = Dotnet,
        Args = Dll,
        Env = apiVersion is null
            ? [new("DOTNET_CLI_TELEMETRY_OPTOUT", "1")]
            : [new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"), new("CLOUDI_API_VERSION", apiVersion)],
        Protocol = protocol,
        BufferSize = 65536,
        CountThread = ProcessCount.Exactly(threads),
        CountProcess = ProcessCount.Exactly(processes),
        TimeoutInit = 20000,
        TimeoutSync = 10000,
        TimeoutTerminate = 5000,
        Options = apiVersion is null ? ServiceOptions.Default : ServiceOptions.Default with { ApiVersion = apiVersion },
    };

    private static string FindDotnet()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "/usr/bin/dotnet";
    }

    private static string FindDll()
    {
        // bin/<Configuration>/net10.0/ of the test project.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        DirectoryInfo? root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HarpCaller.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        string dll = Path.Combine(root.FullName, "examples", "CloudI.ExternalExample", "bin", configuration, framework,
            "CloudI.ExternalExample.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        return dll;
    }
}
