namespace CloudI.ServiceApi.Tests;

public sealed class NodesApiTests : ApiTestBase
{
    [Fact]
    public async Task PythonClientRoundTrip()
    {
        Assert.Equal("ok", await Post("nodes_add", "[foobar1@hostX, foobar2@hostY]"));
        Assert.Equal("[foobar1@hostX,foobar2@hostY]", await Get("nodes_dead"));
        Assert.Equal("ok", await Post("nodes_remove", "[foobar1@hostX, foobar2@hostY]"));
        Assert.Equal("{error,{node_not_found,foobar1@hostX}}", await Post("nodes_remove", "[foobar1@hostX, foobar2@hostY]"));
    }

    [Fact]
    public async Task DocumentExamples()
    {
        Assert.Equal("[]", await Get("nodes_get"));
        Assert.Equal("ok", await Post("nodes_set", "[{reconnect_delay, 300}]"));
        Assert.Equal("[{reconnect_delay,300}]", await Get("nodes_get"));
        Assert.Equal("ok", await Post("nodes_add", "['cloud001@cluster1']"));
        Assert.Equal("[]", await Get("nodes_alive"));
        Assert.Equal("[cloud001@cluster1]", await Get("nodes_dead"));
        Assert.Equal("[cloud001@cluster1]", await Get("nodes"));
        Assert.Equal("[{nodes,[cloud001@cluster1]},{reconnect_delay,300}]", await Get("nodes_get"));
        Assert.Equal("ok", await Post("nodes_remove", "['cloud001@cluster1']"));
        Assert.Equal("[]", await Get("nodes"));
        Assert.Equal("ok", await Post("nodes_set", "[{reconnect_delay, 60}, {timestamp_type, os}, {nodes, [a@b]}]"));
        Assert.Equal("[{nodes,[a@b]},{timestamp_type,os}]", await Get("nodes_get"));
        Assert.Equal("os", Runtime.Nodes.Options["timestamp_type"].ToString());
    }

    [Theory]
    [InlineData("nodes_add", "[notanode]", "{error,{node_invalid,notanode}}")]
    [InlineData("nodes_add", "[\"a@b\"]", "{error,{node_invalid,\"a@b\"}}")]
    [InlineData("nodes_add", "[]", "{error,{node_invalid,[]}}")]
    [InlineData("nodes_add", "['a@']", "{error,{node_invalid,a@}}")]
    [InlineData("nodes_remove", "[x@y]", "{error,{node_not_found,x@y}}")]
    [InlineData("nodes_set", "[]", "{error,{node_invalid,[]}}")]
    [InlineData("nodes_set", "[{reconnect_start, 0}]", "{error,{node_reconnect_start_invalid,0}}")]
    [InlineData("nodes_set", "[{listen, nobody}]", "{error,{node_listen_invalid,nobody}}")]
    [InlineData("nodes_set", "[{colour, red}]", "{error,{node_invalid,{colour,red}}}")]
    public async Task Errors(string function, string body, string expected)
    {
        Assert.Equal(expected, await Post(function, body));
        Assert.Equal("[]", await Get("nodes"));
    }

    [Fact]
    public async Task FailedSetChangesNothing()
    {
        Assert.Equal("{error,{node_connect_invalid,x}}", await Post("nodes_set", "[{reconnect_delay, 5}, {connect, x}]"));
        Assert.Equal("[]", await Get("nodes_get"));
    }
}
