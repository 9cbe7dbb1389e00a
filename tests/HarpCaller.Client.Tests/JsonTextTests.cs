using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarpCaller.Client.Tests;

public sealed class JsonTextTests
{
    [Fact]
    public void Parse_CompactsWhitespaceAndLineBreaks_KeepingNumbers()
    {
        var value = JsonText.Parse("{\n  \"a\" : [ 1e3 , 0.10 ,\r\n 123456789012345678901234567890 ]\n}");
        Assert.Equal("{\"a\":[1e3,0.10,123456789012345678901234567890]}", value.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("nul")]
    public void Parse_ThrowsJsonException_ForInvalidJson(string text)
    {
        Assert.ThrowsAny<JsonException>(() => JsonText.Parse(text));
        Assert.False(JsonText.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Default_IsJsonNull()
    {
        Assert.Equal("null", default(JsonText).Text);
        Assert.Equal(JsonValueKind.Null, default(JsonText).ValueKind);
        Assert.Equal(JsonText.Null, JsonText.FromNode(null));
    }

    [Fact]
    public void FromNode_KeepsParsedNumbersAsWritten()
    {
        Assert.Equal("[100000000000000000000000000001]", JsonText.FromNode(JsonNode.Parse("[100000000000000000000000000001]")).Text);
    }

    [Fact]
    public void FromElement_ThrowsForAnUndefinedElement()
    {
        Assert.Throws<ArgumentException>(() => JsonText.FromElement(default));
    }
}
