namespace CloudI.ServiceApi.Tests;

public sealed class AclApiTests : ApiTestBase
{
    [Fact]
    public async Task DocumentRoundTrip()
    {
        Assert.Equal("[]", await Get("acl"));
        Assert.Equal("ok", await Post("acl_add", "[{sensitive, [\"/accouting/\", \"/finance/\"]}]"));
        Assert.Equal("[{sensitive,[\"/accouting/*\",\"/finance/*\"]}]", await Get("acl"));
        Assert.Equal("ok", await Post("acl_remove", "[sensitive]"));
        Assert.Equal("[]", await Get("acl"));
    }

    [Fact]
    public async Task ReferencesExpand()
    {
        Assert.Equal("ok", await Post("acl_add", "[{a, [\"/a/\"]}, {b, [a, \"/b/*\"]}]"));
        Assert.Equal("[{a,[\"/a/*\"]},{b,[\"/a/*\",\"/b/*\"]}]", await Get("acl"));
    }

    [Theory]
    [InlineData("[]", "{error,{acl_invalid,[]}}")]
    [InlineData("[{x, [missing]}]", "{error,{acl_not_found,missing}}")]
    [InlineData("[{x, [x]}]", "{error,{acl_cyclic,x}}")]
    [InlineData("[{x, [1]}]", "{error,{acl_invalid,1}}")]
    [InlineData("sensitive", "{error,{acl_invalid,sensitive}}")]
    public async Task Errors(string body, string expected) => Assert.Equal(expected, await Post("acl_add", body));

    [Fact]
    public async Task RemoveValidates()
    {
        Assert.Equal("{error,{acl_invalid,[]}}", await Post("acl_remove", "[]"));
        Assert.Equal("{error,{acl_invalid,[\"x\"]}}", await Post("acl_remove", "[\"x\"]"));
        Assert.Equal("ok", await Post("acl_remove", "[unknown]"));
    }
}
