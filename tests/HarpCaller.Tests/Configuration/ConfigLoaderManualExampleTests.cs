using HarpCaller.Configuration;

namespace HarpCaller.Tests.Configuration;

/// <summary>The manual's example configuration ("Configuration file") loads with the values it shows.</summary>
public sealed class ConfigLoaderManualExampleTests
{
    // The manual's example, with the [erlang] header its text rendering lost: the manual says the file
    // has "two sections: main and [erlang]", and the original project's example file has the header.
    private const string ManualExample = """
        # network
        listen = ["*:3502"]
        #ca_file = "/etc/harpcaller/ca_certs.pem"
        known_certs_file = "/etc/harpcaller/known_certs.pem"

        # jobs
        stream_directory = "/var/lib/harpcaller/stream/"
        default_timeout = 600
        max_exec_time = 600

        # hosts registry
        host_db_script = "/etc/harpcaller/update-hosts"
        host_db = "/var/lib/harpcaller/hosts.db"
        host_db_refresh = 900

        # logging
        log_handlers = ["harpcaller_syslog_h"]

        [erlang]
        node_name = "harpcaller"
        name_type = "longnames"
        #cookie_file = "/etc/harpcaller/cookie.txt"
        distributed_immediate = false
        #log_file = "/var/log/harpcaller/erlang.log"
        """;

    [Fact]
    public void ManualExample_Loads_WithTheValuesItShows()
    {
        var options = HarpCallerConfigLoader.Parse(ManualExample, "/etc/harpcaller/harpcaller.toml");

        Assert.Equal([new ListenAddress("*", 3502)], options.Listen);
        Assert.Null(options.CaFile);
        Assert.Equal("/etc/harpcaller/known_certs.pem", options.KnownCertsFile);
        Assert.Equal("/var/lib/harpcaller/stream/", options.StreamDirectory);
        Assert.Equal(TimeSpan.FromSeconds(600), options.DefaultTimeout);
        Assert.Equal(TimeSpan.FromSeconds(600), options.MaxExecTime);
        Assert.Null(options.MaxAge);
        Assert.Equal("/etc/harpcaller/update-hosts", options.HostDbScript);
        Assert.Equal("/var/lib/harpcaller/hosts.db", options.HostDb);
        Assert.Equal(TimeSpan.FromSeconds(900), options.HostDbRefresh);
        Assert.Equal(["harpcaller_syslog_h"], options.LogHandlers);
        Assert.Equal(HarpdTlsVersion.Tls12, options.HarpdTlsMinVersion);
        Assert.Equal(new ClientLimits(), options.ClientLimits);
        Assert.Equal("harpcaller", options.Erlang.NodeName);
        Assert.Equal("longnames", options.Erlang.NameType);
        Assert.Null(options.Erlang.CookieFile);
        Assert.False(options.Erlang.DistributedImmediate);
        Assert.Null(options.Erlang.LogFile);
    }

    [Fact]
    public void ManualExample_Loads_FromAFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("harpcaller.toml");
        File.WriteAllText(path, ManualExample);

        var options = HarpCallerConfigLoader.Load(path);

        Assert.Equal(HarpCallerConfigLoader.Parse(ManualExample, path), options, OptionsComparer.Instance);
    }

    [Fact]
    public void ManualExample_WithoutTheErlangHeader_SaysWhereTheKeyBelongs()
    {
        var verbatim = ManualExample.Replace("[erlang]\n", string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Parse(verbatim, "harpcaller.toml"));

        Assert.Equal(
            "harpcaller.toml:19: key \"node_name\": unknown key in the main section; it belongs in the [erlang] section",
            error.Message);
    }

    [Fact]
    public void OriginalExampleFile_ErrorLoggerHandlers_IsAccepted()
    {
        var options = HarpCallerConfigLoader.Parse(ManualExample + "\nerror_logger_handlers = []\n", "/etc/harpcaller/harpcaller.toml");
        Assert.Equal("harpcaller", options.Erlang.NodeName);
        var e = Assert.Throws<ConfigException>(() =>
            HarpCallerConfigLoader.Parse(ManualExample + "\nerror_logger_handlers = 1\n", "/etc/harpcaller/harpcaller.toml"));
        Assert.Contains("error_logger_handlers", e.Message);
    }

    [Fact]
    public void EmptyFile_GivesTheDefaults()
    {
        var options = HarpCallerConfigLoader.Parse("# nothing set\n", "/etc/harpcaller/harpcaller.toml");

        Assert.Equal(new HarpCallerOptions(), options, OptionsComparer.Instance);
    }
}
