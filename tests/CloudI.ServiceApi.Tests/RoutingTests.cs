using CloudI.Services;

namespace CloudI.ServiceApi.Tests;

public sealed class RoutingTests : ApiTestBase
{
    [Fact]
    public async Task SubscribesEveryFunctionByArity()
    {
        string subscriptions = await Post("service_subscriptions", $"\"{Hex(ApiId)}\"");
        foreach (var (function, arity) in CloudIServiceApi.Functions)
        {
            Assert.Contains($"\"/cloudi/api/rpc/{function}.erl\"", subscriptions);
            Assert.Contains($"\"/cloudi/api/rpc/{function}.erl/{(arity == 1 ? "get" : "post")}\"", subscriptions);
            Assert.DoesNotContain($"\"/cloudi/api/rpc/{function}.erl/{(arity == 1 ? "post" : "get")}\"", subscriptions);
        }

        Assert.Contains("\"/cloudi/api/rpc.json\"", subscriptions);
        Assert.Contains("\"/cloudi/api/rpc.json/post\"", subscriptions);
        Assert.Equal(2 * 28 + 2, ((Erlang.Terms.ErlangList)Term(subscriptions)).Count);
    }

    [Theory]
    [InlineData("/cloudi/api/rpc/acl_add.erl/get")]
    [InlineData("/cloudi/api/rpc/services.erl/post")]
    [InlineData("/cloudi/api/rpc/no_such_function.erl/get")]
    [InlineData("/cloudi/api/rpc.json/get")]
    public async Task WrongMethodOrUnknownFunctionHasNoSubscriber(string name)
    {
        SendSyncResult result = await Context.SendSync(name, "[]", 600);
        Assert.Equal("timeout", result.Error);
    }

    [Fact]
    public async Task Arity1BodyIsIgnoredAndBareNameWorks()
    {
        Assert.Equal("[]", (await Context.SendSync("/cloudi/api/rpc/acl.erl/get", "garbage {{{")).ResponseText);
        Assert.Equal("[]", (await Context.SendSync("/cloudi/api/rpc/acl.erl", "")).ResponseText);
        Assert.Equal("ok", (await Context.SendSync("/cloudi/api/rpc/nodes_add.erl", "[a@b]")).ResponseText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[{sensitive, [\"/a/\"]}].")]
    [InlineData("[{sensitive")]
    [InlineData("\u0000\u0001\u00ff")]
    [InlineData("fun() -> ok end")]
    [InlineData("ok % trailing comment")]
    public async Task UnparsableBodiesAnswerTimeout(string body) =>
        Assert.Equal("{error,timeout}", await Post("acl_add", body));

    [Fact]
    public async Task NonUtf8BytesAreHandled()
    {
        SendSyncResult result = await Context.SendSync("/cloudi/api/rpc/acl_add.erl/post", default, new byte[] { 0xff, 0xfe, 0x80 });
        Assert.Equal("{error,timeout}", result.ResponseText);
    }

    [Fact]
    public async Task ShortRequestTimeoutsAreAnswered()
    {
        // The API answers {error,timeout} itself rather than overrunning the request.
        SendSyncResult result = await Context.SendSync("/cloudi/api/rpc/services.erl/get", string.Empty, 600);
        Assert.True(result.IsOk);
        Assert.StartsWith("[{", result.ResponseText);
    }
}
