using System.Net;
using CloudI.Runtime;
using Erlang.Terms;

namespace CloudI.Http.Tests;

/// <summary>The args proplist (spec a.1): defaults, validation, start failures.</summary>
public sealed class ArgsTests : FrontTestBase
{
    private static HttpFrontArgs Parse(string args, int processes = 1) =>
        HttpFrontArgs.Parse(((ErlangList)ErlangTermReader.Parse("[" + args + "]")).Elements, processes);

    [Fact]
    public void Defaults()
    {
        HttpFrontArgs a = Parse("");
        Assert.Equal(IPAddress.Loopback, a.Ip);
        Assert.Equal(8080, a.Port);
        Assert.Equal(128, a.Backlog);
        Assert.True(a.NoDelay);
        Assert.Equal(5000, a.RecvTimeout);
        Assert.Equal(15000, a.BodyTimeout);
        Assert.Equal(1_000_000, a.BodyLengthRead);
        Assert.Equal(4096, a.MaxConnections);
        Assert.Equal(100, a.MaxKeepAlive);
        Assert.Equal((100, 64, 4096, 4096), (a.MaxHeaders, a.MaxHeaderNameLength, a.MaxHeaderValueLength, a.MaxRequestLineLength));
        Assert.Equal(504, a.StatusCodeTimeout);
        Assert.Equal(QueryGetFormat.Raw, a.QueryGetFormat);
        Assert.True(a.UseMethodSuffix);
        Assert.False(a.UseXMethodOverride || a.UseHostPrefix || a.UseClientIpPrefix || a.SetXForwardedFor || a.Compress);
        Assert.Null(a.Ssl);
        Assert.Null(a.ContentType);
        Assert.Null(a.ContentTypesAccepted);
        Assert.Equal(PatchSuffix.Patch, a.PatchSuffix);
        Assert.False(a.ReusePort);
        Assert.True(Parse("", processes: 2).ReusePort);
    }

    [Fact]
    public void Stock_configuration_args_parse()
    {
        HttpFrontArgs a = Parse("{port, 6464}, {output, external}, {query_get_format, text_pairs}, " +
            "{content_security_policy, \"default-src 'self'; \" \"object-src 'none'\"}, {ip, {0,0,0,0}}, " +
            "{websocket_timeout, infinity}, {update_delay, 5}");
        Assert.Equal(6464, a.Port);
        Assert.Equal(IPAddress.Any, a.Ip);
        Assert.Equal("default-src 'self'; object-src 'none'", a.ContentSecurityPolicy);
        Assert.Equal(["websocket_timeout", "update_delay"], a.Ignored);
        Assert.Equal(IPAddress.IPv6Loopback, Parse("{ip, {0,0,0,0,0,0,0,1}}").Ip);
    }

    [Theory]
    [InlineData("{bogus, 1}")]
    [InlineData("{port, 1}, {port, 2}")]
    [InlineData("{port, \"80\"}")]
    [InlineData("{port, 70000}")]
    [InlineData("{ip, {1,2,3}}")]
    [InlineData("{ip, {256,0,0,1}}")]
    [InlineData("{nodelay, yes}")]
    [InlineData("{status_code_timeout, 100}")]
    [InlineData("{status_code_timeout, 600}")]
    [InlineData("{query_get_format, json}")]
    [InlineData("{output, internal}")]
    [InlineData("{use_x_method_override, true}, {use_method_suffix, false}")]
    [InlineData("{ssl, [{keyfile, \"k.pem\"}]}")]
    [InlineData("{ssl, [{certfile, \"c.pem\"}, {depth, 2}]}")]
    [InlineData("{content_types_accepted, \"text/html\"}")]
    [InlineData("{patch_method_suffix, get}")]
    [InlineData("{body_length_read, 0}")]
    [InlineData("port")]
    public void Invalid_args_are_rejected(string args) =>
        Assert.Throws<ArgumentException>(() => Parse(args));

    [Fact]
    public async Task Bad_args_fail_the_service_start()
    {
        ServiceStartException e = await Assert.ThrowsAsync<ServiceStartException>(() =>
            Runtime.AddServiceAsync(FrontConfig($"{{port, {FreePort()}}}, {{unknown_key, true}}")));
        Assert.Contains("unknown_key", e.Message, StringComparison.Ordinal);
        Assert.Empty(Runtime.Services);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_service_start()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await Assert.ThrowsAnyAsync<Exception>(() => Runtime.AddServiceAsync(FrontConfig($"{{port, {port}}}")));
    }

    [Fact]
    public async Task Removing_the_service_stops_listening()
    {
        await StartFront();
        Guid id = Runtime.Services.Single().Id;
        Assert.True(await Runtime.RemoveServiceAsync(id));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.GetAsync("/x"));
    }

    [Fact]
    public void Environment_substitution_in_file_names()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/h", ["X_1"] = "x" };
        string? Lookup(string n) => env.GetValueOrDefault(n);
        Assert.Equal("/h/c.pem", EnvironmentText.Substitute("$HOME/c.pem", Lookup));
        Assert.Equal("/hx/x.pem", EnvironmentText.Substitute("${HOME}x/${X_1}.pem", Lookup));
        Assert.Equal("/c.pem", EnvironmentText.Substitute("$UNSET/c.pem", Lookup));
        Assert.Equal("a$", EnvironmentText.Substitute("a$", Lookup));
    }
}
