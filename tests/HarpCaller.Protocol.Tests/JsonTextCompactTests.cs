using static HarpCaller.Protocol.Tests.Utf8Text;

namespace HarpCaller.Protocol.Tests;

public class JsonTextCompactTests
{
    [Theory]
    [InlineData("{ \"a\" : [ 1 , 2 ] ,\r\n \"b\" : null }\r\n", "{\"a\":[1,2],\"b\":null}")]
    [InlineData("{\"a\": 1, \"b\": [1, 2], \"c\": {\"d\": true}}", "{\"a\":1,\"b\":[1,2],\"c\":{\"d\":true}}")]
    [InlineData("\t[ ]\r", "[]")]
    [InlineData(" { } ", "{}")]
    [InlineData("[[],{},[{}],{\"a\":[]}]", "[[],{},[{}],{\"a\":[]}]")]
    [InlineData("  42 ", "42")]
    [InlineData("\"x\"", "\"x\"")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    public void Compact_RemovesOnlyInsignificantWhitespace(string input, string expected)
    {
        Assert.Equal(expected, Text(JsonText.Compact(Bytes(input))));
    }

    [Theory]
    [InlineData("123456789012345678901234567890")]
    [InlineData("-123456789012345678901234567890")]
    [InlineData("1e+300")]
    [InlineData("1E-7")]
    [InlineData("-0.0")]
    [InlineData("1.0")]
    [InlineData("1e400")]
    [InlineData("0.10000000000000000000000000001")]
    public void Compact_KeepsNumbersExactlyAsWritten(string number)
    {
        Assert.Equal($"[{number},{{\"n\":{number}}}]", Text(JsonText.Compact(Bytes($"[ {number} , {{ \"n\" : {number} }} ]"))));
    }

    [Theory]
    [InlineData("\"\\uD83D\\uDE00\"")]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("\"\\u0061\\/\\\"\\\\\\b\\f\\n\\r\\t\"")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"😀 zażółć 日本\"")]
    public void Compact_KeepsStringsExactlyAsWritten(string json)
    {
        Assert.Equal(json, Text(JsonText.Compact(Bytes(" " + json + " "))));
    }

    [Fact]
    public void Compact_KeepsEscapedPropertyNamesAsWritten()
    {
        Assert.Equal("{\"\\u0061\":1}", Text(JsonText.Compact(Bytes("{ \"\\u0061\" : 1 }"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{} x")]
    [InlineData("{} {}")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("[1] // comment")]
    [InlineData("\"a\tb\"")]
    [InlineData("\"\\x\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("tru")]
    [InlineData("{\"a\"}")]
    public void Compact_RejectsInvalidJson_WithParseError(string input)
    {
        var e = Assert.Throws<ProtocolException>(() => JsonText.Compact(Bytes(input)));
        Assert.Equal("parse_error", e.ErrorType);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'"', 0xFF, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xC0, 0xAF, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xE2, 0x82, (byte)'"' })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'1' })]
    public void Compact_RejectsInvalidUtf8_WithParseError(byte[] input)
    {
        var e = Assert.Throws<ProtocolException>(() => JsonText.Compact(input));
        Assert.Equal("parse_error", e.ErrorType);
    }

    [Fact]
    public void Compact_Accepts512Levels_AndRejects513()
    {
        Assert.Equal(1024, JsonText.Compact(Bytes(new string('[', 512) + new string(']', 512))).Length);
        var e = Assert.Throws<ProtocolException>(() => JsonText.Compact(Bytes(new string('[', 513) + new string(']', 513))));
        Assert.Equal("parse_error", e.ErrorType);
    }

    [Fact]
    public void Compact_RejectsTenThousandLevels_WithParseError()
    {
        var e = Assert.Throws<ProtocolException>(() => JsonText.Compact(Bytes(new string('[', 10_000) + new string(']', 10_000))));
        Assert.Equal("parse_error", e.ErrorType);
    }

    [Fact]
    public void Compact_HonoursMaxDepth()
    {
        Assert.Equal("[[1]]", Text(JsonText.Compact(Bytes("[ [ 1 ] ]"), maxDepth: 2)));
        Assert.Throws<ProtocolException>(() => JsonText.Compact(Bytes("[[[1]]]"), maxDepth: 2));
    }

    [Fact]
    public void Compact_RejectsNonPositiveMaxDepth()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonText.Compact(Bytes("1"), maxDepth: 0));
    }

    [Fact]
    public void Compact_HandlesLargeInput()
    {
        string big = "[" + string.Join(" , ", Enumerable.Range(0, 200_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        string expected = big.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Equal(expected, Text(JsonText.Compact(Bytes(big))));
    }
}
