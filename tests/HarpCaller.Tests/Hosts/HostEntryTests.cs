using System.Text.Json;
using HarpCaller.Hosts;

namespace HarpCaller.Tests.Hosts;

public sealed class HostEntryTests
{
    private static HostEntry Entry(string port, string password = "pw-SECRET")
    {
        using JsonDocument document = JsonDocument.Parse(port);
        return new HostEntry("web01", "10.0.0.5", document.RootElement, new HostCredentials("rpc", password));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("4306", 4306)]
    [InlineData("65535", 65535)]
    public void TryGetPort_ReturnsThePort_WhenAnIntegerIn1To65535(string json, int expected)
    {
        Assert.True(Entry(json).TryGetPort(out int port));
        Assert.Equal(expected, port);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-4306")]
    [InlineData("4306.0")]
    [InlineData("\"4306\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("99999999999999999999")]
    public void TryGetPort_ReturnsFalse_WhenThePortIsUnusable(string json)
    {
        Assert.False(Entry(json).TryGetPort(out int port));
        Assert.Equal(0, port);
    }

    [Fact]
    public void ToString_NeverContainsThePassword()
    {
        HostEntry entry = Entry("4306");

        Assert.DoesNotContain("SECRET", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", entry.Credentials.ToString(), StringComparison.Ordinal);
        Assert.Contains("web01", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_ComparesValues_IncludingThePortText()
    {
        Assert.Equal(Entry("4306"), Entry("4306"));
        Assert.Equal(Entry("4306").GetHashCode(), Entry("4306").GetHashCode());
        Assert.NotEqual(Entry("4306"), Entry("4307"));
        Assert.NotEqual(Entry("4306"), Entry("4306", password: "other"));
    }

    [Fact]
    public void Constructor_RejectsAnUndefinedPort() =>
        Assert.Throws<ArgumentException>(() => new HostEntry("h", "a", default, new HostCredentials("u", "p")));
}
