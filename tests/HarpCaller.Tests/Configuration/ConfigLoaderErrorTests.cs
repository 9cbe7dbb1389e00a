using HarpCaller.Configuration;
using Toml;

namespace HarpCaller.Tests.Configuration;

/// <summary>Every bad value is refused with FILE:LINE, the key and what it must be.</summary>
public sealed class ConfigLoaderErrorTests
{
    private const string FileName = "hc.toml";

    // Two lines of padding so each case checks that the line is the key's, not the first one.
    private const string Padding = "# harpcaller\n# test\n";

    [Theory]
    [InlineData("listen = \"*:3502\"", "must be an array of \"bind:port\" strings")]
    [InlineData("listen = [3502]", "must be an array of \"bind:port\" strings")]
    [InlineData("listen = []", "must list at least one \"bind:port\" address")]
    [InlineData("listen = [\"*\"]", "\"*\" is not a valid \"bind:port\" address: missing \":port\"")]
    [InlineData("listen = [\"*:70000\"]", "\"*:70000\" is not a valid \"bind:port\" address: the port must be a number from 0 to 65535")]
    [InlineData("listen = [\"*:\"]", "\"*:\" is not a valid \"bind:port\" address: the port must be a number from 0 to 65535")]
    [InlineData("listen = [\"*:080\"]", "\"*:080\" is not a valid \"bind:port\" address: the port must be a number from 0 to 65535")]
    [InlineData("listen = [\"*:+80\"]", "\"*:+80\" is not a valid \"bind:port\" address: the port must be a number from 0 to 65535")]
    [InlineData("listen = [\"::1:3502\"]", "\"::1:3502\" is not a valid \"bind:port\" address: an IPv6 address must be in brackets, e.g. \"[::1]:3502\"")]
    [InlineData("listen = [\"[::1:3502\"]", "\"[::1:3502\" is not a valid \"bind:port\" address: missing ']' after the IPv6 address")]
    [InlineData("listen = [\"[::1]3502\"]", "\"[::1]3502\" is not a valid \"bind:port\" address: expected ':' and a port after ']'")]
    [InlineData("listen = [\"[10.0.0.1]:1\"]", "\"[10.0.0.1]:1\" is not a valid \"bind:port\" address: \"10.0.0.1\" in brackets is not an IPv6 address")]
    [InlineData("listen = [\":1\"]", "\":1\" is not a valid \"bind:port\" address: missing the bind address before ':' (\"*\" binds every address)")]
    [InlineData("listen = [\"bad_host:1\"]", "\"bad_host:1\" is not a valid \"bind:port\" address: \"bad_host\" is not \"*\", an IP address or a host name")]
    [InlineData("listen = [\"256.0.0.1:1\"]", "\"256.0.0.1:1\" is not a valid \"bind:port\" address: \"256.0.0.1\" is not \"*\", an IP address or a host name")]
    [InlineData("listen = [\"10.1:1\"]", "\"10.1:1\" is not a valid \"bind:port\" address: \"10.1\" is not \"*\", an IP address or a host name")]
    [InlineData("listen = [\"*:80\", \"*:80\"]", "\"*:80\" is listed twice")]
    [InlineData("listen = [\"a\\nb:1\"]", "\"a\\u000Ab:1\" is not a valid \"bind:port\" address: \"a\nb\" is not \"*\", an IP address or a host name")]
    [InlineData("ca_file = 1", "must be a path (a non-empty string)")]
    [InlineData("ca_file = \"\"", "must be a path (a non-empty string)")]
    [InlineData("known_certs_file = true", "must be a path (a non-empty string)")]
    [InlineData("stream_directory = [\"/x\"]", "must be a path (a non-empty string)")]
    [InlineData("stream_directory = \"a\\u0000b\"", "must be a path (a non-empty string without NUL characters)")]
    [InlineData("default_timeout = 0", "must be a positive number of seconds")]
    [InlineData("default_timeout = -5", "must be a positive number of seconds")]
    [InlineData("default_timeout = \"600\"", "must be a positive number of seconds")]
    [InlineData("default_timeout = nan", "must be a positive number of seconds")]
    [InlineData("default_timeout = 1e-12", "must be a positive number of seconds")]
    [InlineData("default_timeout = 4294968", "must be at most 4294967 seconds (about 49 days)")]
    [InlineData("default_timeout = inf", "must be at most 4294967 seconds (about 49 days)")]
    [InlineData("max_exec_time = 0.0", "must be a positive number of seconds")]
    [InlineData("max_exec_time = false", "must be a positive number of seconds")]
    [InlineData("max_age = 0", "must be a positive number of hours")]
    [InlineData("max_age = \"24h\"", "must be a positive number of hours")]
    [InlineData("max_age = 1e9", "must be at most 876000 hours (100 years)")]
    [InlineData("host_db_script = 3", "must be a path (a non-empty string)")]
    [InlineData("host_db = \"\"", "must be a path (a non-empty string)")]
    [InlineData("host_db_refresh = -1", "must be a positive number of seconds")]
    [InlineData("host_db_refresh = 1979-05-27", "must be a positive number of seconds")]
    [InlineData("log_handlers = \"harpcaller_syslog_h\"", "must be an array of log handler names")]
    [InlineData("log_handlers = [1]", "must be an array of log handler names")]
    [InlineData("log_handlers = [\"harpcaller_file_h\"]", "unknown log handler \"harpcaller_file_h\" (known: harpcaller_stdout_h, harpcaller_syslog_h)")]
    [InlineData("harpd_tls_min_version = 1.2", "must be one of \"1.0\", \"1.1\", \"1.2\", \"1.3\"")]
    [InlineData("harpd_tls_min_version = \"1.4\"", "must be one of \"1.0\", \"1.1\", \"1.2\", \"1.3\"")]
    [InlineData("harpd_tls_min_version = \"TLSv1.2\"", "must be one of \"1.0\", \"1.1\", \"1.2\", \"1.3\"")]
    [InlineData("client_max_line_bytes = 10", "must be a number of bytes from 1024 to 1073741824")]
    [InlineData("client_max_line_bytes = 1073741825", "must be a number of bytes from 1024 to 1073741824")]
    [InlineData("client_max_line_bytes = 65536.0", "must be a number of bytes from 1024 to 1073741824")]
    [InlineData("client_idle_timeout = 0", "must be a positive number of seconds")]
    [InlineData("erlang = 1", "must be a table (the [erlang] section)")]
    public void MainSection_BadValue_NamesFileLineAndKey(string line, string problem)
    {
        var key = line[..line.IndexOf(' ', StringComparison.Ordinal)];

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Parse(Padding + line + "\n", FileName));

        Assert.Equal($"{FileName}:3: key \"{key}\": {problem}", error.Message);
        Assert.Equal(FileName, error.FileName);
        Assert.Equal(3, error.Line);
        Assert.Equal(key, error.Key);
    }

    [Theory]
    [InlineData("node_name = \"\"", "must be a node name: letters, digits, '_' and '-', optionally followed by \"@host\"")]
    [InlineData("node_name = \"harp caller\"", "must be a node name: letters, digits, '_' and '-', optionally followed by \"@host\"")]
    [InlineData("node_name = \"hc@\"", "must be a node name: letters, digits, '_' and '-', optionally followed by \"@host\"")]
    [InlineData("node_name = 1", "must be a node name: letters, digits, '_' and '-', optionally followed by \"@host\"")]
    [InlineData("name_type = \"long\"", "must be \"longnames\" or \"shortnames\"")]
    [InlineData("name_type = true", "must be \"longnames\" or \"shortnames\"")]
    [InlineData("cookie_file = 0", "must be a path (a non-empty string)")]
    [InlineData("distributed_immediate = \"yes\"", "must be true or false")]
    [InlineData("distributed_immediate = 1", "must be true or false")]
    [InlineData("log_file = \"\"", "must be a path (a non-empty string)")]
    public void ErlangSection_BadValue_NamesFileLineAndDottedKey(string line, string problem)
    {
        var key = "erlang." + line[..line.IndexOf(' ', StringComparison.Ordinal)];

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Parse("# x\n[erlang]\n" + line + "\n", FileName));

        Assert.Equal($"{FileName}:3: key \"{key}\": {problem}", error.Message);
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void ListenElementError_PointsAtTheElementsLine()
    {
        var text = "listen = [\n  \"*:3502\",\n  \"*:x\",\n]\n";

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Parse(text, FileName));

        Assert.StartsWith($"{FileName}:3: key \"listen\": \"*:x\" is not", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lsiten = [\"*:1\"]", "key \"lsiten\": unknown key (did you mean \"listen\"?)")]
    [InlineData("default_timout = 5", "key \"default_timout\": unknown key (did you mean \"default_timeout\"?)")]
    [InlineData("verbose = true", "key \"verbose\": unknown key")]
    [InlineData("node_name = \"x\"", "key \"node_name\": unknown key in the main section; it belongs in the [erlang] section")]
    [InlineData("[logging]", "key \"logging\": unknown key")]
    [InlineData("[Erlang]", "key \"Erlang\": unknown key (did you mean \"erlang\"?)")]
    [InlineData("[erlang]\nlisten = [\"*:1\"]", "key \"erlang.listen\": unknown key in the [erlang] section; it belongs in the main section, before any [section]")]
    [InlineData("[erlang]\nsasl = true", "key \"erlang.sasl\": unknown key")]
    [InlineData("[erlang]\nnode_nam = \"x\"", "key \"erlang.node_nam\": unknown key (did you mean \"node_name\"?)")]
    [InlineData("[erlang.extra]", "key \"erlang.extra\": unknown key")]
    public void UnknownKey_IsAnError(string body, string problem)
    {
        var text = Padding + body + "\n";
        var keyLine = 3 + body.Count(c => c == '\n');

        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Parse(text, FileName));

        Assert.Equal($"{FileName}:{keyLine}: {problem}", error.Message);
    }

    [Fact]
    public void UnknownKey_IsReportedEvenWhenOtherValuesAreValid()
    {
        var error = Assert.Throws<ConfigException>(() =>
            HarpCallerConfigLoader.Parse("listen = [\"*:1\"]\nmax_exec_tim = 5\n", FileName));

        Assert.Equal(2, error.Line);
        Assert.Equal("max_exec_tim", error.Key);
    }

    [Theory]
    [InlineData("listen = [\"*:1\"\ndefault_timeout = 5", 2, "expected ',' or ']' in the array")]
    [InlineData("max_age = 1\nmax_age = 2", 2, "duplicate key \"max_age\"")]
    [InlineData("# ok\n\nhost_db = \"unterminated", 3, "unterminated string")]
    [InlineData("[erlang]\nnode_name = harpcaller", 2, "strings must be quoted")]
    public void TomlSyntaxError_IsWrapped_WithFileAndLine(string text, int line, string reason)
    {
        var error = Assert.Throws<ConfigException>(() => HarpCallerConfigLoader.Parse(text, FileName));

        Assert.StartsWith($"{FileName}:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.Null(error.Key);
        Assert.IsType<TomlException>(error.InnerException);
    }
}
