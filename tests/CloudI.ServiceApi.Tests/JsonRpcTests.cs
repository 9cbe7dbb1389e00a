namespace CloudI.ServiceApi.Tests;

public sealed class JsonRpcTests : ApiTestBase
{
    [Fact]
    public async Task DocumentExample()
    {
        Assert.Equal("{\"result\":\"ok\",\"error\":null,\"id\":1,\"jsonrpc\":\"2.0\"}",
            await JsonRpc("{\"method\": \"acl_add\", \"params\": [\"[{sensitive, [\\\"/accouting/\\\", \\\"/finance/\\\"]}]\"], \"id\": 1}"));
        Assert.Equal("{\"result\":\"[{sensitive,[\\\"/accouting/*\\\",\\\"/finance/*\\\"]}]\",\"error\":null,\"id\":2,\"jsonrpc\":\"2.0\"}",
            await JsonRpc("{\"method\": \"acl\", \"params\":[], \"id\": 2}"));
    }

    [Fact]
    public async Task ServicesAndStringIds()
    {
        string response = await JsonRpc("{\"method\": \"services\", \"params\":[], \"id\": 1}");
        Assert.StartsWith($"{{\"result\":\"[{{\\\"{Hex(ApiId)}\\\",{{internal,", response);
        Assert.EndsWith(",\"error\":null,\"id\":1,\"jsonrpc\":\"2.0\"}", response);
        Assert.Equal("{\"result\":\"[]\",\"error\":null,\"id\":\"abc\",\"jsonrpc\":\"1.1\"}",
            await JsonRpc("{\"method\": \"nodes\", \"id\": \"abc\"}"));
    }

    [Fact]
    public async Task PythonClientNodes()
    {
        Assert.Equal("{\"result\":\"ok\",\"error\":null,\"id\":7,\"jsonrpc\":\"2.0\"}",
            await JsonRpc("{\"method\":\"nodes_add\",\"params\":[\"[foobar1@hostX, foobar2@hostY]\"],\"id\":7}"));
        Assert.Equal("{\"result\":\"ok\",\"error\":null,\"id\":8,\"jsonrpc\":\"2.0\"}",
            await JsonRpc("{\"method\":\"nodes_remove\",\"params\":[\"[foobar1@hostX, foobar2@hostY]\"],\"id\":8}"));
        Assert.Equal("{\"result\":\"{error,{node_not_found,foobar1@hostX}}\",\"error\":null,\"id\":9,\"jsonrpc\":\"2.0\"}",
            await JsonRpc("{\"method\":\"nodes_remove\",\"params\":[\"[foobar1@hostX, foobar2@hostY]\"],\"id\":9}"));
    }

    [Theory]
    [InlineData("not json", "{\"result\":null,\"error\":{\"code\":0,\"message\":\"invalid_json_rpc\"},\"id\":0,\"jsonrpc\":\"2.0\"}")]
    [InlineData("[]", "{\"result\":null,\"error\":{\"code\":0,\"message\":\"invalid_json_rpc\"},\"id\":0,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"params\":[],\"id\":1}", "{\"result\":null,\"error\":{\"code\":0,\"message\":\"invalid_json_rpc\"},\"id\":0,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"method\":\"acl\",\"params\":[]}", "{\"result\":null,\"error\":{\"code\":0,\"message\":\"invalid_json_rpc\"},\"id\":0,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"method\":\"nope\",\"params\":[],\"id\":5}", "{\"result\":null,\"error\":{\"code\":1,\"message\":\"invalid_method\"},\"id\":5,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"method\":\"acl\",\"params\":[\"x\"],\"id\":6}", "{\"result\":null,\"error\":{\"code\":2,\"message\":\"invalid_params\"},\"id\":6,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"method\":\"acl_add\",\"params\":[],\"id\":\"s\"}", "{\"result\":null,\"error\":{\"code\":2,\"message\":\"invalid_params\"},\"id\":\"s\",\"jsonrpc\":\"1.1\"}")]
    [InlineData("{\"method\":\"acl_add\",\"params\":[\"a\",\"b\"],\"id\":6}", "{\"result\":null,\"error\":{\"code\":2,\"message\":\"invalid_params\"},\"id\":6,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"method\":\"acl_add\",\"params\":[1],\"id\":8}", "{\"result\":null,\"error\":{\"code\":3,\"message\":\"invalid_param\"},\"id\":8,\"jsonrpc\":\"2.0\"}")]
    [InlineData("{\"method\":\"acl_add\",\"params\":[\"[{a, \"],\"id\":9}", "{\"result\":\"{error,timeout}\",\"error\":null,\"id\":9,\"jsonrpc\":\"2.0\"}")]
    public async Task Errors(string body, string expected) => Assert.Equal(expected, await JsonRpc(body));

    [Fact]
    public async Task BareNamePatternAlsoServes()
    {
        var result = await Context.SendSync("/cloudi/api/rpc.json", "{\"method\":\"nodes_alive\",\"id\":3}");
        Assert.Equal("{\"result\":\"[]\",\"error\":null,\"id\":3,\"jsonrpc\":\"2.0\"}", result.ResponseText);
    }
}
