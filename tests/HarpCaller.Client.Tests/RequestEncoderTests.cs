using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client.Tests;

public sealed class RequestEncoderTests
{
    private static string Text(byte[] line)
    {
        Assert.Equal((byte)'\n', line[^1]);
        var text = Encoding.UTF8.GetString(line, 0, line.Length - 1);
        Assert.DoesNotContain('\n', text);
        return text;
    }

    [Fact]
    public void Call_WritesEveryOptionInProtocolForm()
    {
        var call = new CallSpec("web01", "deploy")
        {
            Arguments = JsonText.Parse("{\"n\": 123456789012345678901234567890, \"f\": 1.50}"),
            Timeout = TimeSpan.FromSeconds(30),
            MaxExecTime = TimeSpan.FromMilliseconds(1500),
            Queue = JsonText.Parse("{\"q\": \"deploys\"}"),
            Concurrency = 3,
            Info = JsonText.Parse("[\"ticket\", 7]"),
        };
        Assert.Equal(
            "{\"harpcaller\":1,\"host\":\"web01\",\"procedure\":\"deploy\",\"arguments\":{\"n\":123456789012345678901234567890,\"f\":1.50}," +
            "\"timeout\":30,\"max_exec_time\":1.5,\"queue\":{\"name\":{\"q\":\"deploys\"},\"concurrency\":3},\"info\":[\"ticket\",7]}",
            Text(RequestEncoder.Call(call)));
    }

    [Fact]
    public void Call_SendsEmptyArgumentsAndOmitsUnsetOptions()
    {
        Assert.Equal(
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]}",
            Text(RequestEncoder.Call(new CallSpec("h", "p"))));
    }

    [Fact]
    public void Call_AcceptsArgumentsAsJsonNodeAndJsonElement()
    {
        var node = new JsonArray(1, "two", JsonNode.Parse("99999999999999999999999999"));
        var fromNode = Text(RequestEncoder.Call(new CallSpec("h", "p") { Arguments = node }));
        using var document = JsonDocument.Parse("[1, \"two\", 99999999999999999999999999]");
        var fromElement = Text(RequestEncoder.Call(new CallSpec("h", "p") { Arguments = document.RootElement }));
        Assert.Equal("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[1,\"two\",99999999999999999999999999]}", fromNode);
        Assert.Equal(fromNode, fromElement);
    }

    [Fact]
    public void Call_KeepsNonBmpTextAsValidJson()
    {
        var line = Text(RequestEncoder.Call(new CallSpec("h", "p") { Arguments = JsonText.Parse("[\"\\uD83D\\uDE00\"]") }));
        using var document = JsonDocument.Parse(line);
        Assert.Equal("😀", document.RootElement.GetProperty("arguments")[0].GetString());
    }

    [Theory]
    [InlineData(true, "{\"harpcaller\":1,\"get_result\":\"J\",\"wait\":true}")]
    [InlineData(false, "{\"harpcaller\":1,\"get_result\":\"J\",\"wait\":false}")]
    public void GetResult_AlwaysSendsWait(bool wait, string expected)
    {
        Assert.Equal(expected, Text(RequestEncoder.GetResult("J", wait)));
    }

    [Fact]
    public void SimpleRequests_CarryTheJobId()
    {
        Assert.Equal("{\"harpcaller\":1,\"get_status\":\"J\"}", Text(RequestEncoder.GetStatus("J")));
        Assert.Equal("{\"harpcaller\":1,\"cancel\":\"J\"}", Text(RequestEncoder.Cancel("J")));
    }

    [Fact]
    public void StreamRequests_SendSinceOrRecentOrNeither()
    {
        Assert.Equal("{\"harpcaller\":1,\"follow_stream\":\"J\"}", Text(RequestEncoder.FollowStream("J", default)));
        Assert.Equal("{\"harpcaller\":1,\"follow_stream\":\"J\",\"since\":5}", Text(RequestEncoder.FollowStream("J", StreamStart.Since(5))));
        Assert.Equal("{\"harpcaller\":1,\"read_stream\":\"J\",\"recent\":2}", Text(RequestEncoder.ReadStream("J", StreamStart.Recent(2))));
    }

    [Fact]
    public void StreamStart_RejectsNegativeCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamStart.Since(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamStart.Recent(-1));
    }
}
