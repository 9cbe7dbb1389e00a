namespace CloudI.ServiceApi.Tests;

public sealed class ServicesUpdateTests : ApiTestBase
{
    [Fact]
    public async Task AllInstancesOfAModule()
    {
        Runtime.ServiceTypes.Register("cloudi_service_messaging_sequence1", typeof(EchoService));
        List<string> ids = Ids(await Post("services_add",
            "[[{prefix, \"/seq/a/\"}, {module, cloudi_service_messaging_sequence1}], [{prefix, \"/seq/b/\"}, {module, cloudi_service_messaging_sequence1}], [{prefix, \"/other/\"}, {module, test_echo_service}]]"));
        string result = await Post("services_update",
            "[{\"\", [{module, cloudi_service_messaging_sequence1}, {modules_load, [cloudi_service_messaging_sequence1]}, {sync, false}]}]");
        Assert.Equal($"[[\"{ids[0]}\",\"{ids[1]}\"]]", result);
        Assert.Equal("x", (await Context.SendSync("/seq/a/echo/post", "x")).ResponseText);
        Assert.Equal(ids, Runtime.Services.Skip(1).Select(s => Hex(s.Id)));
    }

    [Fact]
    public async Task ConfigurationChangesKeepTheId()
    {
        string id = Assert.Single(Ids(await Post("services_add", "[[{prefix, \"/u/\"}, {module, test_echo_service}, {options, [{queue_limit, 5}]}]]")));
        string result = await Post("services_update",
            $"[{{\"{id}\", [{{module, test_echo_service}}, {{timeout_sync, 7000}}, {{dest_list_deny, [\"/secret/\"]}}, {{options, [{{priority_default, 2}}]}}]}}]");
        Assert.Equal($"[[\"{id}\"]]", result);
        Assert.Contains(
            $"{{\"{id}\",{{internal,\"/u/\",test_echo_service,[],immediate_closest,5000,5000,7000,[\"/secret/\"],undefined,1,5,300,[{{priority_default,2}},{{queue_limit,5}}]}}}}",
            await Get("services"));
        Assert.Equal("y", (await Context.SendSync("/u/echo/post", "y")).ResponseText);
    }

    [Theory]
    [InlineData("[]", "{error,{update_invalid,[]}}")]
    [InlineData("[{\"\", [{timeout_sync, 7000}]}]", "{error,{update_type_invalid,[{timeout_sync,7000}]}}")]
    [InlineData("[{\"\", [{module, nothing_runs_this}]}]", "{error,{update_module_not_found,nothing_runs_this}}")]
    [InlineData("[{\"\", [{module, test_echo_service}, {bogus, 1}]}]", "{error,{update_invalid,{bogus,1}}}")]
    [InlineData("[{\"bad-id\", [{type, external}, {args, \"x\"}]}]", "{error,{service_id_invalid,\"bad-id\"}}")]
    [InlineData("[{\"\", [{module, test_echo_service}, {options, [{scope, other}]}]}]", "{error,{update_options_invalid,{scope,other}}}")]
    [InlineData("[{\"\", [{module, test_echo_service}, {timeout_sync, 1}]}]", "{error,{service_internal_timeout_sync_invalid,1}}")]
    public async Task Errors(string body, string expected)
    {
        await Post("services_add", "[[{prefix, \"/e/\"}, {module, test_echo_service}]]");
        Assert.Equal(expected, await Post("services_update", body));
    }

    [Fact]
    public async Task WrongModuleForTheIdIsRejected()
    {
        string id = Assert.Single(Ids(await Post("services_add", "[[{prefix, \"/w/\"}, {module, test_echo_service}]]")));
        Assert.Equal($"{{error,{{update_type_invalid,\"{id}\"}}}}",
            await Post("services_update", $"[{{\"{id}\", [{{module, test_probe_service}}]}}]"));
        Assert.Equal($"{{error,{{update_type_invalid,\"{id}\"}}}}",
            await Post("services_update", $"[{{\"{id}\", [{{type, external}}, {{args, \"-v\"}}]}}]"));
    }

    [Fact]
    public async Task FailedPlanReportsTheDoneOnes()
    {
        // The ACL the services refer to is missing once it is removed: the second plan fails to resolve it.
        Assert.Equal("ok", await Post("acl_add", "[{later, [\"/x/\"]}]"));
        string id = Assert.Single(Ids(await Post("services_add", "[[{prefix, \"/p/\"}, {module, test_echo_service}, {dest_list_deny, [later]}]]")));
        string id2 = Assert.Single(Ids(await Post("services_add", "[[{prefix, \"/q/\"}, {module, test_probe_service}, {dest_list_deny, [later]}]]")));
        Assert.Equal("ok", await Post("acl_remove", "[later]"));
        string result = await Post("services_update",
            $"[{{\"{id}\", [{{module, test_echo_service}}, {{dest_list_deny, [\"/y/\"]}}]}}, {{\"{id2}\", [{{module, test_probe_service}}]}}]");
        Assert.Equal($"{{error,{{[\"{id2}\"],{{acl_not_found,later}}}},[[\"{id}\"]]}}", result);
        Assert.Contains(id, await Get("services"));
    }
}
