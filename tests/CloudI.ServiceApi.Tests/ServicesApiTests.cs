using CloudI.Services;

namespace CloudI.ServiceApi.Tests;

public sealed class ServicesApiTests : ApiTestBase
{
    private const string EchoTuple =
        "[{internal, \"/echo1/\", test_echo_service, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 2, 5, 300, []}]";

    [Fact]
    public async Task ServicesListsTheApiServiceInTupleForm()
    {
        Assert.Equal(
            $"[{{\"{Hex(ApiId)}\",{{internal,\"/cloudi/api/\",cloudi_service_api_requests,[],none,5000,5000,5000,undefined,undefined,1,5,300,[]}}}}]",
            await Get("services"));
    }

    [Fact]
    public async Task AddTupleAndProplistFormsThenInspectRestartRemove()
    {
        List<string> ids = Ids(await Post("services_add",
            EchoTuple[..^1] + ", [{prefix, \"/echo2/\"}, {module, test_echo_service}, {timeout_sync, 6000}, {options, [{priority_default, 1}, {queue_limit, 10}]}]]"));
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));

        string services = await Get("services");
        Assert.Contains($"{{\"{ids[0]}\",{{internal,\"/echo1/\",test_echo_service,[],immediate_closest,5000,5000,5000,undefined,undefined,2,5,300,[]}}}}", services);
        Assert.Contains($"{{\"{ids[1]}\",{{internal,\"/echo2/\",test_echo_service,[],immediate_closest,5000,5000,6000,undefined,undefined,1,5,300,[{{priority_default,1}},{{queue_limit,10}}]}}}}", services);

        // Requests reach the added services.
        SendSyncResult echo = await Context.SendSync("/echo1/echo/post", "hello");
        Assert.Equal("hello", echo.ResponseText);

        Assert.Equal("[\"/echo1/*\",\"/echo1/echo/get\",\"/echo1/echo/post\"]",
            await Post("service_subscriptions", $"\"{ids[0]}\""));
        string dashed = Guid.ParseExact(ids[1], "N").ToString("D");
        Assert.Equal("[\"/echo2/*\",\"/echo2/echo/get\",\"/echo2/echo/post\"]",
            await Post("service_subscriptions", $"\"{dashed}\""));

        string search = await Post("services_search", "\"/echo1/echo/get\"");
        Assert.StartsWith($"[{{\"{ids[0]}\",{{internal,\"/echo1/\"", search);
        Assert.DoesNotContain(ids[1], search);
        Assert.Equal("[]", await Post("services_search", "\"/nothing/here\""));
        Assert.Equal("[]", await Post("services_search", "{other_scope, \"/echo1/echo/get\"}"));
        Assert.Equal("{error,service_name_invalid}", await Post("services_search", "\"/echo1/*\""));
        Assert.Equal("{error,service_name_invalid}", await Post("services_search", "42"));

        Assert.Equal("ok", await Post("services_restart", $"[\"{ids[0]}\"]"));
        Assert.Equal("hello", (await Context.SendSync("/echo1/echo/post", "hello")).ResponseText);

        Assert.Equal("ok", await Post("services_remove", $"[\"{ids[0]}\", \"{dashed}\"]"));
        Assert.DoesNotContain(ids[0], await Get("services"));
        Assert.Equal("{error,not_found}", await Post("service_subscriptions", $"\"{ids[0]}\""));
        Assert.Equal($"{{error,{{service_not_found,\"{ids[0]}\"}}}}", await Post("services_remove", $"[\"{ids[0]}\"]"));
        Assert.Equal($"{{error,{{service_not_found,\"{ids[0]}\"}}}}", await Post("services_restart", $"[\"{ids[0]}\"]"));
    }

    [Fact]
    public async Task ScopedSearch()
    {
        List<string> ids = Ids(await Post("services_add",
            "[[{prefix, \"/tests/msg_size/\"}, {module, test_echo_service}, {options, [{scope, cloudi_service_msg_size}]}]]"));
        Assert.Contains(ids[0], await Post("services_search", "{cloudi_service_msg_size, \"/tests/msg_size/erlang\"}"));
        Assert.Equal("[]", await Post("services_search", "\"/tests/msg_size/erlang\""));
        Assert.Contains("[{scope,cloudi_service_msg_size}]", await Get("services"));
    }

    [Fact]
    public async Task DocumentExampleWithAStandInModule()
    {
        Runtime.ServiceTypes.Register("cloudi_service_request_rate", typeof(EchoService));
        string result = await Post("services_add",
            "[{internal, \"/tests/http_req/\", cloudi_service_request_rate, [{service_name, \"/tests/http_req/ruby.xml/get\"}, {request_rate, dynamic}], lazy_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, [{duo_mode, true}]}]");
        string id = Assert.Single(Ids(result));
        Assert.Contains(
            $"{{\"{id}\",{{internal,\"/tests/http_req/\",cloudi_service_request_rate,[{{service_name,\"/tests/http_req/ruby.xml/get\"}},{{request_rate,dynamic}}],lazy_closest,5000,5000,5000,undefined,undefined,1,5,300,[{{duo_mode,true}}]}}}}",
            await Get("services"));
    }

    [Theory]
    [InlineData("[]", "{error,{service_invalid,[]}}")]
    [InlineData("[{internal, \"/x/\"}]", "{error,{service_internal_invalid,{internal,\"/x/\"}}}")]
    [InlineData("[[{prefix, \"/x/\"}]]", "{error,{service_invalid,[{prefix,\"/x/\"}]}}")]
    [InlineData("[[{module, test_echo_service}, {bogus, 1}]]", "{error,{service_internal_invalid,{bogus,1}}}")]
    [InlineData("[[{module, test_echo_service}, {timeout_sync, 1}]]", "{error,{service_internal_timeout_sync_invalid,1}}")]
    [InlineData("[[{module, no_such_module}]]", "{error,{service_internal_module_not_found,no_such_module}}")]
    [InlineData("[[{module, test_echo_service}, {dest_list_deny, [missing_acl]}]]", "{error,{acl_not_found,missing_acl}}")]
    public async Task AddErrors(string body, string expected)
    {
        Assert.Equal(expected, await Post("services_add", body));
        Assert.Single(Runtime.Services);
    }

    [Fact]
    public async Task AllEntriesAreValidatedBeforeAnyStarts()
    {
        string result = await Post("services_add",
            "[[{prefix, \"/ok/\"}, {module, test_echo_service}], [{prefix, \"/bad/\"}, {module, test_echo_service}, {max_r, -1}]]");
        Assert.Equal("{error,{service_internal_max_r_invalid,-1}}", result);
        Assert.Single(Runtime.Services);
    }

    [Theory]
    [InlineData("services_remove", "[\"not-a-uuid\"]", "{error,{service_id_invalid,\"not-a-uuid\"}}")]
    [InlineData("services_restart", "[\"not-a-uuid\"]", "{error,{service_id_invalid,\"not-a-uuid\"}}")]
    [InlineData("service_subscriptions", "\"not-a-uuid\"", "{error,{service_id_invalid,\"not-a-uuid\"}}")]
    [InlineData("services_remove", "[]", "{error,{service_id_invalid,[]}}")]
    [InlineData("services_remove", "[<<1,2>>]", "{error,{service_id_invalid,<<1,2>>}}")]
    [InlineData("services_remove", "[\"6e81f0a6-7a1f-11e2-d40e-a5dd00000058\", \"6e81f0ec-7a1f-11e2-d40e-a5dd00000058\"]",
        "{error,{service_not_found,\"6e81f0a67a1f11e2d40ea5dd00000058\"}}")]
    [InlineData("service_subscriptions", "\"6a675470-7a1f-11e2-d40e-a5dd00000058\"", "{error,not_found}")]
    public async Task IdErrors(string function, string body, string expected) =>
        Assert.Equal(expected, await Post(function, body));

    [Fact]
    public async Task BinaryIdsAreAccepted()
    {
        string id = Assert.Single(Ids(await Post("services_add", "[[{prefix, \"/bin/\"}, {module, test_echo_service}]]")));
        string bytes = string.Join(",", Convert.FromHexString(id));
        Assert.Equal("[\"/bin/*\",\"/bin/echo/get\",\"/bin/echo/post\"]", await Post("service_subscriptions", $"<<{bytes}>>"));
        Assert.Equal("ok", await Post("services_remove", $"[<<{bytes}>>]"));
    }

    [Fact]
    public async Task RemovingTheApiServiceItselfAnswersFirst()
    {
        Assert.Equal("ok", await Post("services_remove", $"[\"{Hex(ApiId)}\"]"));
        for (int k = 0; k < 50 && Runtime.Services.Count > 0; k++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(Runtime.Services);
    }
}
