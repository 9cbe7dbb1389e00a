using HarpCaller.Configuration;

namespace HarpCaller.Tests.Configuration;

/// <summary>Every key maps to its option, with the unit the manual gives it.</summary>
public sealed class ConfigLoaderValueTests
{
    private const string FileName = "/etc/harpcaller/harpcaller.toml";

    [Fact]
    public void EveryKey_MapsToItsOption()
    {
        var options = HarpCallerConfigLoader.Parse("""
            listen = ["127.0.0.1:0", "[::1]:3502", "localhost:4000"]
            ca_file = "/etc/ssl/ca.pem"
            known_certs_file = "/etc/ssl/known.pem"
            stream_directory = "/srv/stream"
            default_timeout = 30
            max_exec_time = 7.5
            max_age = 48
            host_db_script = "/usr/local/bin/hosts"
            host_db = "/srv/hosts.db"
            host_db_refresh = 60
            log_handlers = ["harpcaller_stdout_h", "harpcaller_syslog_h"]
            harpd_tls_min_version = "1.0"
            client_max_line_bytes = 65536
            client_idle_timeout = 5

            [erlang]
            node_name = "hc@node1.example.net"
            name_type = "shortnames"
            cookie_file = "/etc/harpcaller/cookie.txt"
            distributed_immediate = true
            log_file = "/var/log/harpcaller/erlang.log"
            """, FileName);

        Assert.Equal(
            [new ListenAddress("127.0.0.1", 0), new ListenAddress("::1", 3502), new ListenAddress("localhost", 4000)],
            options.Listen);
        Assert.Equal("/etc/ssl/ca.pem", options.CaFile);
        Assert.Equal("/etc/ssl/known.pem", options.KnownCertsFile);
        Assert.Equal("/srv/stream", options.StreamDirectory);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DefaultTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.MaxExecTime);
        Assert.Equal(TimeSpan.FromHours(48), options.MaxAge);
        Assert.Equal("/usr/local/bin/hosts", options.HostDbScript);
        Assert.Equal("/srv/hosts.db", options.HostDb);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HostDbRefresh);
        Assert.Equal(["harpcaller_stdout_h", "harpcaller_syslog_h"], options.LogHandlers);
        Assert.Equal(HarpdTlsVersion.Tls10, options.HarpdTlsMinVersion);
        Assert.Equal(65536, options.ClientLimits.MaxLineBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ClientLimits.IdleTimeout);
        Assert.Equal(new ClientLimits().MaxConnections, options.ClientLimits.MaxConnections);
        Assert.Equal("hc@node1.example.net", options.Erlang.NodeName);
        Assert.Equal("shortnames", options.Erlang.NameType);
        Assert.Equal("/etc/harpcaller/cookie.txt", options.Erlang.CookieFile);
        Assert.True(options.Erlang.DistributedImmediate);
        Assert.Equal("/var/log/harpcaller/erlang.log", options.Erlang.LogFile);
    }

    [Theory]
    [InlineData("1.0", HarpdTlsVersion.Tls10)]
    [InlineData("1.1", HarpdTlsVersion.Tls11)]
    [InlineData("1.2", HarpdTlsVersion.Tls12)]
    [InlineData("1.3", HarpdTlsVersion.Tls13)]
    public void HarpdTlsMinVersion_AcceptsEachVersion(string text, HarpdTlsVersion expected)
    {
        var options = HarpCallerConfigLoader.Parse($"harpd_tls_min_version = \"{text}\"", FileName);

        Assert.Equal(expected, options.HarpdTlsMinVersion);
    }

    [Theory]
    [InlineData("default_timeout = 0.25", 250)]
    [InlineData("default_timeout = 1_000", 1_000_000)]
    [InlineData("default_timeout = 4294967", 4_294_967_000)]
    [InlineData("default_timeout = 1e3", 1_000_000)]
    public void Durations_AcceptIntegersAndFloats(string line, long expectedMilliseconds)
    {
        var options = HarpCallerConfigLoader.Parse(line, FileName);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), options.DefaultTimeout);
    }

    [Fact]
    public void MaxAge_IsInHours()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), HarpCallerConfigLoader.Parse("max_age = 1.5", FileName).MaxAge);
    }

    [Fact]
    public void LogHandlers_MayBeEmpty()
    {
        Assert.Empty(HarpCallerConfigLoader.Parse("log_handlers = []", FileName).LogHandlers);
    }

    [Fact]
    public void ErlangSection_MayBeWrittenWithDottedKeysOrInline()
    {
        var dotted = HarpCallerConfigLoader.Parse("erlang.node_name = \"a\"", FileName);
        var inline = HarpCallerConfigLoader.Parse("erlang = { node_name = \"b\", distributed_immediate = true }", FileName);

        Assert.Equal("a", dotted.Erlang.NodeName);
        Assert.Equal("b", inline.Erlang.NodeName);
        Assert.True(inline.Erlang.DistributedImmediate);
    }

    [Fact]
    public void AbsentKeys_KeepTheirDefaults()
    {
        var options = HarpCallerConfigLoader.Parse("max_exec_time = 5\n[erlang]\nname_type = \"shortnames\"", FileName);
        var defaults = new HarpCallerOptions();

        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxExecTime);
        Assert.Equal(defaults.DefaultTimeout, options.DefaultTimeout);
        Assert.Equal(defaults.Listen, options.Listen);
        Assert.Equal(defaults.HostDb, options.HostDb);
        Assert.Equal("shortnames", options.Erlang.NameType);
        Assert.Equal(defaults.Erlang.NodeName, options.Erlang.NodeName);
    }
}
