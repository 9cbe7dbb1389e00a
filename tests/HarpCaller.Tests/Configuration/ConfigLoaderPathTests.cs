using HarpCaller.Configuration;

namespace HarpCaller.Tests.Configuration;

/// <summary>Relative paths resolve against the configuration file's directory, never the working directory.</summary>
public sealed class ConfigLoaderPathTests
{
    [Fact]
    public void RelativePaths_ResolveAgainstTheConfigDirectory()
    {
        var options = HarpCallerConfigLoader.Parse("""
            ca_file = "certs/ca.pem"
            known_certs_file = "./known.pem"
            stream_directory = "../var/stream/"
            host_db_script = "bin/update-hosts"
            host_db = "hosts.db"

            [erlang]
            cookie_file = "cookie.txt"
            log_file = "../log/erlang.log"
            """, "/etc/harpcaller/harpcaller.toml");

        Assert.Equal("/etc/harpcaller/certs/ca.pem", options.CaFile);
        Assert.Equal("/etc/harpcaller/known.pem", options.KnownCertsFile);
        Assert.Equal("/etc/var/stream/", options.StreamDirectory);
        Assert.Equal("/etc/harpcaller/bin/update-hosts", options.HostDbScript);
        Assert.Equal("/etc/harpcaller/hosts.db", options.HostDb);
        Assert.Equal("/etc/harpcaller/cookie.txt", options.Erlang.CookieFile);
        Assert.Equal("/etc/log/erlang.log", options.Erlang.LogFile);
    }

    [Fact]
    public void AbsolutePaths_AreKeptAsWritten()
    {
        var options = HarpCallerConfigLoader.Parse("stream_directory = \"/srv/x/../stream/\"", "/etc/harpcaller/harpcaller.toml");

        Assert.Equal("/srv/x/../stream/", options.StreamDirectory);
    }

    [Fact]
    public void Load_ResolvesAgainstTheFilesDirectory_NotTheWorkingDirectory()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "conf"));
        var path = Path.Combine(dir.Path, "conf", "harpcaller.toml");
        File.WriteAllText(path, "host_db = \"data/hosts.db\"\n");

        var options = HarpCallerConfigLoader.Load(path);

        Assert.Equal(Path.Combine(dir.Path, "conf", "data", "hosts.db"), options.HostDb);
    }

    [Fact]
    public void Parse_WithARelativeFileName_ResolvesAgainstItsDirectoryUnderTheWorkingDirectory()
    {
        var options = HarpCallerConfigLoader.Parse("host_db = \"hosts.db\"", Path.Combine("conf", "harpcaller.toml"));

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "conf", "hosts.db"), options.HostDb);
    }
}
