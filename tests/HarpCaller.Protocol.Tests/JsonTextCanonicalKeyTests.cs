using System.Text.Json;

namespace HarpCaller.Protocol.Tests;

public class JsonTextCanonicalKeyTests
{
    private static string Key(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 600 });
        return JsonText.CanonicalKey(document.RootElement);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}")]
    [InlineData("{ \"a\" : 1 , \"b\" : 2 }", "{\"b\": 2, \"a\": 1}")]
    [InlineData("{\"a\":\"x\"}", "{\"\\u0061\":\"\\u0078\"}")]
    [InlineData("{\"s\":\"😀\"}", "{\"s\":\"\\uD83D\\uDE00\"}")]
    [InlineData("{\"s\":\"\\/\"}", "{\"s\":\"/\"}")]
    [InlineData("{\"a\":{\"x\":1,\"y\":[1,{\"q\":1,\"p\":2}]}}", "{\"a\":{\"y\":[1,{\"p\":2,\"q\":1}],\"x\":1}}")]
    [InlineData("{\"a\":1,\"a\":2}", "{\"a\":2}")]
    [InlineData("{\"a\":2,\"b\":0,\"a\":1,\"a\":2}", "{\"b\":0,\"a\":2}")]
    public void CanonicalKey_IsEqual_ForEqualValues(string left, string right)
    {
        Assert.Equal(Key(left), Key(right));
    }

    [Theory]
    [InlineData("{\"a\":1}", "{\"a\":1.0}")]
    [InlineData("{\"a\":1}", "{\"a\":1e0}")]
    [InlineData("{\"a\":1}", "{\"a\":\"1\"}")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("{\"a\":null}", "{}")]
    [InlineData("{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}")]
    [InlineData("{\"a\":\"\\ud800\"}", "{\"a\":\"\ufffd\"}")]
    [InlineData("{\"a\":[]}", "{\"a\":{}}")]
    [InlineData("{\"ab\":1}", "{\"a\":1,\"b\":1}")]
    public void CanonicalKey_Differs_ForDifferentValues(string left, string right)
    {
        Assert.NotEqual(Key(left), Key(right));
    }

    [Fact]
    public void CanonicalKey_IsSortedCompactJson()
    {
        Assert.Equal(
            "{\"a\":{\"c\":null,\"d\":true},\"b\":[1,\"x\",1e+300,false]}",
            Key("{ \"b\" : [ 1 , \"x\" , 1e+300 , false ] , \"a\" : { \"d\" : true , \"c\" : null } }"));
    }

    [Fact]
    public void CanonicalKey_EscapesMinimally_AndKeepsLoneSurrogatesAsEscapes()
    {
        Assert.Equal("\"a\\\"b\\\\\\n\\u0001é😀\"", Key("\"\\u0061\\\"b\\\\\\n\\u0001\\u00e9\\uD83D\\uDE00\""));
        Assert.Equal("\"\\ud800x\"", Key("\"\\uD800x\""));
    }

    [Fact]
    public void CanonicalKey_SortsByUnescapedName()
    {
        Assert.Equal("{\"A\":1,\"a\":2,\"b\":3}", Key("{\"b\":3,\"\\u0061\":2,\"A\":1}"));
    }

    [Fact]
    public void CanonicalKey_RejectsDefaultElement()
    {
        Assert.Throws<ArgumentException>(() => JsonText.CanonicalKey(default));
    }

    [Fact]
    public void CanonicalKey_RejectsNestingBeyond512_WithProtocolException()
    {
        Key(new string('[', 512) + new string(']', 512));
        var e = Assert.Throws<ProtocolException>(() => Key(new string('[', 513) + new string(']', 513)));
        Assert.Equal("invalid_request", e.ErrorType);
    }
}
