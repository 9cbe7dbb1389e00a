using static HarpCaller.Protocol.Tests.Utf8Text;

namespace HarpCaller.Protocol.Tests;

public class HarpdMessageParserTests
{
    private static HarpdMessage Parse(string line, bool acknowledged) => HarpdMessageParser.Parse(Bytes(line), acknowledged);

    private static ProtocolException Rejected(string line, bool acknowledged)
    {
        var e = Assert.Throws<ProtocolException>(() => Parse(line, acknowledged));
        Assert.Equal("protocol_error", e.ErrorType);
        return e;
    }

    [Theory]
    [InlineData("{\"harp\": 1, \"stream_result\": false}", false)]
    [InlineData("{\"stream_result\": true, \"harp\": 1}", true)]
    [InlineData("{\"harp\":1,\"stream_result\":true}\r", true)]
    [InlineData(" { \"harp\" : 1 , \"stream_result\" : false } ", false)]
    public void Ack_IsParsedBeforeTheAcknowledgement(string line, bool streamResult)
    {
        Assert.Equal(new HarpdAck(streamResult), Parse(line, acknowledged: false));
    }

    [Theory]
    [InlineData("{\"harp\": 1, \"stream_result\": false, \"extra\": 1}")]
    [InlineData("{\"harp\": 1, \"stream_result\": 1}")]
    [InlineData("{\"harp\": 1, \"stream_result\": \"true\"}")]
    [InlineData("{\"harp\": 1, \"stream_result\": null}")]
    [InlineData("{\"stream_result\": false}")]
    [InlineData("{\"harp\": 2, \"stream_result\": false}")]
    [InlineData("{\"harp\": \"1\", \"stream_result\": false}")]
    [InlineData("{\"harp\": 1.0, \"stream_result\": false}")]
    [InlineData("{\"harp\": 1, \"stream_result\": false, \"result\": 1}")]
    [InlineData("{\"harp\": 1, \"stream_result\": false, \"stream_result\": false}")]
    [InlineData("{\"harp\": 1}")]
    [InlineData("{}")]
    public void MalformedAck_IsProtocolError(string line)
    {
        Rejected(line, acknowledged: false);
    }

    [Fact]
    public void SecondAck_IsProtocolError()
    {
        Assert.Contains("acknowledgement", Rejected("{\"harp\": 1, \"stream_result\": false}", acknowledged: true).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"result\": 1}", "result")]
    [InlineData("{\"stream\": 1}", "stream")]
    [InlineData("{\"exception\": {\"type\": \"E\", \"message\": \"m\"}}", "exception")]
    public void PayloadBeforeAck_IsProtocolError(string line, string what)
    {
        string message = Rejected(line, acknowledged: false).Message;
        Assert.Contains(what, message, StringComparison.Ordinal);
        Assert.Contains("before the acknowledgement", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"result\": 123456789012345678901234567890}", "123456789012345678901234567890")]
    [InlineData("{\"result\": 1e+300}", "1e+300")]
    [InlineData("{\"result\": [1.0, -0.0, 1E-7]}", "[1.0,-0.0,1E-7]")]
    [InlineData("{\"result\": {\"a\": [1, 2], \"b\": \"\\ud83d\\ude00 \\u017c\"}}", "{\"a\":[1,2],\"b\":\"\\ud83d\\ude00 \\u017c\"}")]
    [InlineData("{\"result\": \"\\ud800\"}", "\"\\ud800\"")]
    [InlineData("{\"result\": \"😀\"}", "\"😀\"")]
    [InlineData("{\"result\": null}", "null")]
    public void Result_PassesTheValueThroughExactly(string line, string value)
    {
        var result = Assert.IsType<HarpdResult>(Parse(line, acknowledged: true));
        Assert.Equal(value, Text(result.ValueJson));
    }

    [Theory]
    [InlineData("{\"stream\": {\"line\": \"output\\n\"}}", "{\"line\":\"output\\n\"}")]
    [InlineData("{\"stream\": 1e+300}", "1e+300")]
    [InlineData("{\"stream\": [123456789012345678901234567890]}", "[123456789012345678901234567890]")]
    public void Stream_PassesTheDataThroughExactly(string line, string data)
    {
        var stream = Assert.IsType<HarpdStream>(Parse(line, acknowledged: true));
        Assert.Equal(data, Text(stream.DataJson));
    }

    [Fact]
    public void Exception_FromPythonDaemon_IsParsed()
    {
        var exception = Assert.IsType<HarpdException>(Parse(
            "{\"exception\": {\"type\": \"ValueError\", \"message\": \"invalid literal \\u017c\", \"data\": {\"class\": \"ValueError\", \"module\": \"exceptions\"}}}",
            acknowledged: true));
        Assert.Equal("ValueError", exception.Type);
        Assert.Equal("invalid literal ż", exception.Message);
        Assert.Equal("{\"type\":\"ValueError\",\"message\":\"invalid literal \\u017c\",\"data\":{\"class\":\"ValueError\",\"module\":\"exceptions\"}}", Text(exception.ObjectJson));
    }

    [Fact]
    public void Exception_WithExtraKeys_KeepsThemInTheObject()
    {
        var exception = Assert.IsType<HarpdException>(Parse("{\"exception\":{\"message\":\"m\",\"traceback\":[1],\"type\":\"T\"}}", acknowledged: true));
        Assert.Equal("T", exception.Type);
        Assert.Equal("{\"message\":\"m\",\"traceback\":[1],\"type\":\"T\"}", Text(exception.ObjectJson));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HarpError_IsValidBeforeAndAfterTheAcknowledgement(bool acknowledged)
    {
        var error = Assert.IsType<HarpdError>(Parse(
            "{\"harp\": 1, \"error\": {\"type\": \"no_such_procedure\", \"message\": \"no such procedure\", \"data\": {\"procedure\": \"x\"}}}",
            acknowledged));
        Assert.Equal("no_such_procedure", error.Type);
        Assert.Equal("no such procedure", error.Message);
        Assert.Equal("{\"type\":\"no_such_procedure\",\"message\":\"no such procedure\",\"data\":{\"procedure\":\"x\"}}", Text(error.ObjectJson));
    }

    [Fact]
    public void HarpError_WithLoneSurrogateInMessage_IsKept()
    {
        var error = Assert.IsType<HarpdError>(Parse("{\"harp\":1,\"error\":{\"type\":\"t\",\"message\":\"\\udc80\"}}", acknowledged: true));
        Assert.Equal("\udc80", error.Message);
        Assert.Equal("{\"type\":\"t\",\"message\":\"\\udc80\"}", Text(error.ObjectJson));
    }

    [Fact]
    public void EscapedKeys_AreRecognised()
    {
        Assert.Equal(new HarpdAck(true), Parse("{\"h\\u0061rp\":1,\"stream\\u005fresult\":true}", acknowledged: false));
        var exception = Assert.IsType<HarpdException>(Parse("{\"exception\":{\"\\u0074ype\":\"T\",\"m\\u0065ssage\":\"M\"}}", acknowledged: true));
        Assert.Equal(("T", "M"), (exception.Type, exception.Message));
    }

    [Theory]
    [InlineData("{\"error\": {\"type\": \"t\", \"message\": \"m\"}}")]
    [InlineData("{\"harp\": 2, \"error\": {\"type\": \"t\", \"message\": \"m\"}}")]
    [InlineData("{\"harp\": 1, \"error\": {\"message\": \"m\"}}")]
    [InlineData("{\"harp\": 1, \"error\": {\"type\": \"t\"}}")]
    [InlineData("{\"harp\": 1, \"error\": {\"type\": 1, \"message\": \"m\"}}")]
    [InlineData("{\"harp\": 1, \"error\": {\"type\": \"t\", \"message\": null}}")]
    [InlineData("{\"harp\": 1, \"error\": {\"type\": \"t\", \"type\": \"u\", \"message\": \"m\"}}")]
    [InlineData("{\"harp\": 1, \"error\": \"boom\"}")]
    [InlineData("{\"harp\": 1, \"error\": null}")]
    [InlineData("{\"harp\": 1, \"error\": {\"type\": \"t\", \"message\": \"m\"}, \"extra\": 0}")]
    [InlineData("{\"exception\": {\"type\": \"t\"}}")]
    [InlineData("{\"exception\": {\"message\": \"m\"}}")]
    [InlineData("{\"exception\": {\"type\": [], \"message\": \"m\"}}")]
    [InlineData("{\"exception\": \"boom\"}")]
    [InlineData("{\"exception\": {\"type\": \"t\", \"message\": \"m\"}, \"harp\": 1}")]
    [InlineData("{\"result\": 1, \"harp\": 1}")]
    [InlineData("{\"result\": 1, \"stream\": 2}")]
    [InlineData("{\"result\": 1, \"result\": 2}")]
    [InlineData("{\"result\": 1, \"extra\": 2}")]
    [InlineData("{\"Result\": 1}")]
    [InlineData("{\"harp\": 1}")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"result\": NaN}")]
    [InlineData("{\"result\": Infinity}")]
    [InlineData("{\"result\": 1")]
    [InlineData("{\"result\": 1}{\"result\": 2}")]
    public void Malformed_IsProtocolError(string line)
    {
        Rejected(line, acknowledged: true);
    }

    [Fact]
    public void InvalidUtf8_IsProtocolError()
    {
        byte[] line = Bytes("{\"result\":\"xx\"}");
        line[^3] = 0xFE;
        var e = Assert.Throws<ProtocolException>(() => HarpdMessageParser.Parse(line, acknowledged: true));
        Assert.Equal("protocol_error", e.ErrorType);
    }

    [Fact]
    public void DeepNesting_IsProtocolError()
    {
        Rejected("{\"result\":" + new string('[', 10_000) + new string(']', 10_000) + "}", acknowledged: true);
        Assert.IsType<HarpdResult>(Parse("{\"result\":" + new string('[', 511) + new string(']', 511) + "}", acknowledged: true));
    }

    [Fact]
    public void LargeResult_IsPassedThrough()
    {
        string value = "[\"" + new string('é', 1_000_000) + "\", 1e+300]";
        var result = Assert.IsType<HarpdResult>(Parse("{\"result\": " + value + "}", acknowledged: true));
        Assert.Equal(value.Replace(", ", ",", StringComparison.Ordinal), Text(result.ValueJson));
    }

    [Fact]
    public void Messages_StayShort()
    {
        var e = Rejected("{\"" + new string('k', 100_000) + "\": 1}", acknowledged: true);
        Assert.True(e.Message.Length < 120, e.Message);
    }
}
