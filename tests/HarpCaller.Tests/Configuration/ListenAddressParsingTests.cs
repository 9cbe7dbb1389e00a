using HarpCaller.Configuration;

namespace HarpCaller.Tests.Configuration;

/// <summary>The accepted "bind:port" spellings of listen.</summary>
public sealed class ListenAddressParsingTests
{
    [Theory]
    [InlineData("*:3502", "*", 3502)]
    [InlineData("*:0", "*", 0)]
    [InlineData("0.0.0.0:65535", "0.0.0.0", 65535)]
    [InlineData("127.0.0.1:3502", "127.0.0.1", 3502)]
    [InlineData("[::]:3502", "::", 3502)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("[fe80::1%eth0]:3502", "fe80::1%eth0", 3502)]
    [InlineData("localhost:3502", "localhost", 3502)]
    [InlineData("dispatcher-1.example.net:3502", "dispatcher-1.example.net", 3502)]
    [InlineData("example.net.:80", "example.net.", 80)]
    public void Listen_AcceptsBindAndPort(string text, string host, int port)
    {
        var options = HarpCallerConfigLoader.Parse($"listen = [\"{text}\"]", "/etc/harpcaller/harpcaller.toml");

        var address = Assert.Single(options.Listen);
        Assert.Equal(new ListenAddress(host, port), address);
    }

    [Fact]
    public void Listen_AllowsPortZeroMoreThanOnce()
    {
        var options = HarpCallerConfigLoader.Parse("listen = [\"127.0.0.1:0\", \"127.0.0.1:0\"]", "hc.toml");

        Assert.Equal(2, options.Listen.Count);
    }

    [Fact]
    public void Ipv6Address_PrintsBackInBrackets()
    {
        var options = HarpCallerConfigLoader.Parse("listen = [\"[::1]:3502\"]", "hc.toml");

        Assert.Equal("[::1]:3502", options.Listen[0].ToString());
    }
}
