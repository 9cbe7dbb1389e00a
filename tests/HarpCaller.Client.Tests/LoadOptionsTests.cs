using System.Net;
using System.Text;
using HarpCaller.Load;

namespace HarpCaller.Client.Tests;

/// <summary>The load tool's option parsing: bounds and the loopback-only rule.</summary>
public sealed class LoadOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:3502", "127.0.0.1", 3502)]
    [InlineData("127.8.9.10:4000", "127.8.9.10", 4000)]
    [InlineData("localhost:4000", "127.0.0.1", 4000)]
    [InlineData("[::1]:4000", "::1", 4000)]
    [InlineData("::1", "::1", 3502)]
    [InlineData("[::ffff:127.0.0.1]:4000", "127.0.0.1", 4000)]
    public void Server_AcceptsLoopbackAddresses(string text, string address, int port)
    {
        var options = LoadOptions.Parse(["submit", "--server", text], out var error);

        Assert.Null(error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), options!.Server);
    }

    [Theory]
    [InlineData("10.0.0.1:3502")]
    [InlineData("192.168.1.1")]
    [InlineData("[2001:db8::1]:3502")]
    [InlineData("dispatcher.example.net:3502")]
    [InlineData("0.0.0.0:3502")]
    [InlineData("[::ffff:10.0.0.1]:3502")]
    public void Server_RefusesAnythingButLoopback(string text)
    {
        Assert.Null(LoadOptions.Parse(["submit", $"--server={text}"], out var error));
        Assert.Contains("loopback", error);
    }

    [Theory]
    [InlineData("--duration", "121")]
    [InlineData("--duration", "0")]
    [InlineData("--clients", "1001")]
    [InlineData("--clients", "0")]
    [InlineData("--requests", "-1")]
    [InlineData("--args", "[1,")]
    [InlineData("--unknown", "1")]
    public void Options_RejectOutOfBoundsOrInvalidValues(string name, string value)
    {
        Assert.Null(LoadOptions.Parse(["e2e", name, value], out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Options_AcceptEqualsAndSpaceForms_AndCompactJson()
    {
        var spaced = LoadOptions.Parse(["read_stream", "--clients", "8", "--duration", "120", "--args", "[ 1000 ,\n 5 ]"], out _);
        var equals = LoadOptions.Parse(["read_stream", "--clients=8", "--duration=120", "--args=[1000,5]"], out _);

        Assert.NotNull(spaced);
        Assert.Equal(spaced, equals);
        Assert.Equal(LoadMode.ReadStream, spaced.Mode);
        Assert.Equal(TimeSpan.FromSeconds(120), spaced.Duration);
        Assert.Equal("[1000,5]", spaced.Args);
    }

    [Fact]
    public void Options_RejectAnUnknownMode()
    {
        Assert.Null(LoadOptions.Parse(["flood"], out var error));
        Assert.Contains("flood", error);
    }

    [Theory]
    [InlineData("{\"packet\":1,\"data\":{\"packet\":2}}", "More", true)]
    [InlineData("{\"data\":1,\"packet\":1}", "More", true)]
    [InlineData("{\"result\":{\"packet\":1}}", "Done", false)]
    [InlineData("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"m\"}}", "Error", false)]
    [InlineData("garbage", "Unexpected", false)]
    public void StreamLines_AreJudgedByTheirTopLevelKeys(string line, string expected, bool packet)
    {
        Assert.Equal(expected, Replies.JudgeStreamLine(Encoding.UTF8.GetBytes(line), out var isPacket).ToString());
        Assert.Equal(packet, isPacket);
    }

    [Fact]
    public void Results_CountAsLost_UnlessTheyEqualTheExpectedValue()
    {
        var expected = System.Text.Json.JsonDocument.Parse("{\"a\":[1,2]}").RootElement;

        Assert.Equal(LineVerdict.Done, Replies.JudgeResult("{\"result\":{\"a\": [1, 2]}}"u8, expected));
        Assert.Equal(LineVerdict.Unexpected, Replies.JudgeResult("{\"result\":{\"a\":[2,1]}}"u8, expected));
        Assert.Equal(LineVerdict.Unexpected, Replies.JudgeResult("{\"cancelled\":true}"u8, expected));
        Assert.Equal(LineVerdict.Done, Replies.JudgeResult("{\"result\":null}"u8, null));
    }
}
