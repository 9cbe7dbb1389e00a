using System.Text;
using CloudI.Services;

namespace CloudI.ServiceApi.Tests;

public sealed class SafetyTests : ApiTestBase
{
    [Fact]
    public async Task AclDeniedSenderCannotReachTheApi()
    {
        List<string> ids = Ids(await Post("services_add",
            "[[{prefix, \"/denied/\"}, {module, test_probe_service}, {dest_list_deny, [\"/cloudi/api/\"]}]," +
            " [{prefix, \"/allowed/\"}, {module, test_probe_service}]]"));
        Assert.Equal(2, ids.Count);
        Assert.Equal("error:timeout", (await Context.SendSync("/denied/probe", "/cloudi/api/rpc/acl.erl/get")).ResponseText);
        Assert.Equal("ok:[]", (await Context.SendSync("/allowed/probe", "/cloudi/api/rpc/acl.erl/get")).ResponseText);

        Assert.Equal("ok", await Post("acl_add", "[{api, [\"/cloudi/api/\"]}]"));
        Assert.Single(Ids(await Post("services_add",
            "[[{prefix, \"/named/\"}, {module, test_probe_service}, {dest_list_deny, [api]}]]")));
        Assert.Equal("error:timeout", (await Context.SendSync("/named/probe", "/cloudi/api/rpc/acl.erl/get")).ResponseText);
    }

    [Fact]
    public async Task ConcurrentCallsWhileServicesHandleLoad()
    {
        Assert.Single(Ids(await Post("services_add", "[[{prefix, \"/load/\"}, {module, test_echo_service}, {count_process, 2}]]")));
        var load = Enumerable.Range(0, 200).Select(async k =>
        {
            SendSyncResult r = await Context.SendSync("/load/echo/post", "m" + k);
            Assert.Equal("m" + k, r.ResponseText);
        });
        var api = Enumerable.Range(0, 40).Select(async k =>
        {
            switch (k % 4)
            {
                case 0:
                    Assert.StartsWith("[{", await Get("services"));
                    break;
                case 1:
                    Assert.Equal("ok", await Post("nodes_add", $"[n{k}@host]"));
                    break;
                case 2:
                    Assert.Equal("ok", await Post("acl_add", $"[{{acl{k}, [\"/a{k}/\"]}}]"));
                    break;
                default:
                    string id = Assert.Single(Ids(await Post("services_add", $"[[{{prefix, \"/c{k}/\"}}, {{module, test_echo_service}}]]")));
                    Assert.Equal("ok", await Post("services_remove", $"[\"{id}\"]"));
                    break;
            }
        });
        await Task.WhenAll(load.Concat(api));
        Assert.Equal(10, Runtime.Nodes.Nodes.Count);
        Assert.Equal(2, Runtime.Services.Count);
    }

    [Fact]
    public async Task FuzzedBodiesNeverCrashTheService()
    {
        var random = new Random(1234);
        string[] fragments =
        [
            "[", "]", "{", "}", ",", "\"", "'", "<<", ">>", "|", ".", "%", "$", "#", "16#", "-", "1", "1.5", "e9",
            "ok", "undefined", "internal", "external", "[{", "\"/x/\"", "test_echo_service", "a@b", "\\", "\n", " ",
            "\"6e81f0a6-7a1f-11e2-d40e-a5dd00000058\"", "fun", "#{", "=>", "{error,", "''", "\u00e9", "\u263a",
        ];
        string[] functions = [.. CloudIServiceApi.Functions.Where(f => f.Value == 2).Select(f => f.Key)
            .Where(f => f is not ("services_remove" or "services_restart" or "services_update"))];
        for (int n = 0; n < 400; n++)
        {
            string body;
            if (n % 5 == 0)
            {
                byte[] bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                body = Encoding.Latin1.GetString(bytes);
            }
            else
            {
                var sb = new StringBuilder();
                int parts = random.Next(1, 20);
                for (int k = 0; k < parts; k++)
                {
                    sb.Append(fragments[random.Next(fragments.Length)]);
                }

                body = sb.ToString();
            }

            string function = functions[random.Next(functions.Length)];
            SendSyncResult result = await Context.SendSync($"/cloudi/api/rpc/{function}.erl/post", body, 5000);
            Assert.True(result.IsOk, $"{function} {body}: {result.Error}");
            Assert.NotEqual(0, result.Response.Length);

            SendSyncResult json = await Context.SendSync("/cloudi/api/rpc.json/post",
                "{\"method\":\"" + function + "\",\"params\":[" + System.Text.Json.JsonSerializer.Serialize(body) + "],\"id\":" + n + "}", 5000);
            Assert.True(json.IsOk, json.Error);
        }

        // Same service, same process: nothing restarted it.
        Assert.Contains(Hex(ApiId), await Get("services"));
        Assert.Equal(ApiId, Runtime.Services[0].Id);
    }

    [Fact]
    public async Task DeepAndHugeBodiesAreRejected()
    {
        Assert.Equal("{error,timeout}", await Post("acl_add", new string('[', 10000) + new string(']', 10000)));
        SendSyncResult huge = await Context.SendSync("/cloudi/api/rpc/acl_add.erl/post", default,
            Encoding.ASCII.GetBytes("\"" + new string('a', ErlangText.MaxBodyBytes + 10) + "\""));
        Assert.Equal("{error,timeout}", huge.ResponseText);
    }
}
