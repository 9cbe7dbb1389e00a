using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CloudI.Executable.Tests;

/// <summary>
/// The stock configuration (Service API under <c>/cloudi/api/</c>, HTTP front under <c>/</c>)
/// in the real executable, driven over real HTTP the way the API document's curl examples do.
/// </summary>
public sealed partial class ServiceApiOverHttpTests : IAsyncLifetime
{
    private readonly TestDir _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private CloudiProcess _runtime = null!;
    private int _port;

    private string LogFile => Path.Combine(_dir.Path, "logs", "cloudi.log");

    public async Task InitializeAsync()
    {
        _port = FreePort();
        _dir.WriteConfig(StockConfig(_port, "{logging, [{level, info}, {file, \"logs/cloudi.log\"}]}.\n"));
        _runtime = Cloudi.Start(_dir.StartArgs());
        await _runtime.WaitForLineAsync("cloudi started:");
    }

    public async Task DisposeAsync()
    {
        if (!_runtime.HasExited)
        {
            (int exit, _, string stderr) = await Cloudi.RunAsync("stop", $"--socket={_dir.Socket}", "--timeout=20");
            Assert.True(exit == 0, stderr);
        }

        await _runtime.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    /// <summary>The document's stock configuration, on a free port instead of 6464 so tests can run side by side.</summary>
    internal static string StockConfig(int port, string extra = "") =>
        "{acl, []}.\n{services, [\n"
        + "  [{prefix, \"/cloudi/api/\"}, {module, cloudi_service_api_requests}, {dest_refresh, none}],\n"
        + "  [{prefix, \"/\"}, {module, cloudi_service_http_cowboy},\n"
        + $"   {{args, [{{port, {port}}}, {{output, external}}, {{query_get_format, text_pairs}},\n"
        + "            {content_security_policy, \"default-src 'self'; \" \"object-src 'none'\"}]},\n"
        + "   {timeout_sync, 30000}]\n]}.\n{nodes, []}.\n" + extra;

    [Fact]
    public async Task Every_function_answers_over_HTTP_as_in_the_document()
    {
        // Reading functions: GET rpc/F.erl.
        string services = await Get("services");
        Assert.Equal(2, HexIds().Matches(services).Count);
        Assert.Contains("cloudi_service_api_requests", services);
        Assert.Contains("cloudi_service_http_cowboy", services);
        Assert.Equal("[]", await Get("acl"));
        Assert.Equal("[]", await Get("nodes_get"));
        Assert.Equal("[]", await Get("nodes_dead"));
        Assert.Equal("[]", await Get("nodes_alive")); // other nodes only, as in CloudI
        Assert.Equal("[]", await Get("nodes"));
        Assert.Equal($"[\"{Cloudi.ServicesDir}\"]", await Get("code_path"));
        // The configured file is CloudI's default: only the level (info, not trace) is listed.
        Assert.Equal("[{level,info}]", await Get("logging"));

        // ACLs.
        Assert.Equal("ok", await Post("acl_add", "[{sensitive, [\"/accouting/\", \"/finance/\"]}]"));
        Assert.Equal("[{sensitive,[\"/accouting/*\",\"/finance/*\"]}]", await Get("acl"));
        Assert.Equal("ok", await Post("acl_remove", "[sensitive]"));
        Assert.Equal("[]", await Get("acl"));

        // Subscriptions and search of the API service itself.
        string apiId = HexIds().Matches(services)[0].Value;
        string subscriptions = await Post("service_subscriptions", $"\"{apiId}\"");
        Assert.Contains("\"/cloudi/api/rpc/services.erl/get\"", subscriptions);
        Assert.Contains("\"/cloudi/api/rpc.json/post\"", subscriptions);
        Assert.Contains(apiId, await Post("services_search", "\"/cloudi/api/rpc/acl.erl/get\""));

        // Nodes: stored, not connected.
        Assert.Equal("ok", await Post("nodes_set", "[{reconnect_delay, 300}]"));
        Assert.Contains("{reconnect_delay,300}", await Get("nodes_get"));
        Assert.Equal("ok", await Post("nodes_add", "['cloud001@cluster1']"));
        Assert.Equal("[cloud001@cluster1]", await Get("nodes"));
        Assert.Equal("ok", await Post("nodes_remove", "['cloud001@cluster1']"));
        Assert.Equal("[]", await Get("nodes"));

        // Code paths.
        string codeDir = Directory.CreateDirectory(Path.Combine(_dir.Path, "code")).FullName;
        Assert.Equal("ok", await Post("code_path_add", $"\"{codeDir}\""));
        Assert.Contains(codeDir, await Get("code_path"));
        Assert.Equal("ok", await Post("code_path_remove", $"\"{codeDir}\""));
        Assert.DoesNotContain(codeDir, await Get("code_path"));

        // Logging: the level takes effect at once, the file switches, syslog/formatters/redirect are stored.
        Assert.Equal("ok", await Post("logging_level_set", "warn"));
        Assert.Equal("ok", await Post("logging_file_set", "\"logs/cloudi_rotated.log\""));
        Assert.Equal("ok", await Post("logging_syslog_set", "[{identity, \"CloudI\"}, {facility, local0}, {level, trace}]"));
        Assert.Equal("ok", await Post("logging_formatters_set",
            "[{any, [{output, lager_file_backend}, {output_args, [{file, \"logs/lager.log\"}]}, {formatter, lager_default_formatter}, {level, trace}]}]"));
        Assert.Equal("ok", await Post("logging_redirect_set", "cloudi@host"));
        string logging = await Get("logging");
        Assert.Contains("{file,\"logs/cloudi_rotated.log\"}", logging);
        Assert.Contains("{level,warn}", logging);
        Assert.Contains("{redirect,cloudi@host}", logging);
        Assert.Contains("{syslog,[{identity,\"CloudI\"},{facility,local0},{level,trace}]}", logging);
        Assert.Contains("{formatters,[{any,", logging);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "logs", "cloudi_rotated.log")), "the new log file is created next to the configuration");

        // JSON-RPC, as written in the document.
        using var json = JsonDocument.Parse(await PostRaw("/cloudi/api/rpc.json", "{\"method\": \"services\", \"params\":[], \"id\": 1}"));
        Assert.Contains("cloudi_service_http_cowboy", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task An_external_service_is_added_restarted_and_removed_over_HTTP()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "echo_service.py");
        string added = await Post("services_add",
            "[{external, \"/py/\", \"/usr/bin/python3\", \"" + script + "\", [], immediate_closest, default, default, "
            + "5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}]");
        string id = Assert.Single(HexIds().Matches(added)).Value;
        Assert.Equal("py:abc", await SendViaControl("/py/echo", "abc"));
        Assert.Contains("\"/py/echo\"", await Post("service_subscriptions", $"\"{id}\""));
        Assert.Contains("{external,\"/py/\",\"/usr/bin/python3\"", await Post("services_search", "\"/py/echo\""));

        Assert.Equal("ok", await Post("services_restart", $"[\"{id}\"]"));
        Assert.Equal("py:after restart", await SendViaControl("/py/echo", "after restart"));

        Assert.Equal("ok", await Post("services_remove", $"[\"{id}\"]"));
        Assert.DoesNotContain(id, await Get("services"));
        Assert.Equal("[]", await Post("services_search", "\"/py/echo\""));
    }

    [Fact]
    public async Task Services_update_runs_a_new_release_of_a_code_path_assembly()
    {
        // A deployment directory of its own, first on the code path.
        string release = Directory.CreateDirectory(Path.Combine(_dir.Path, "release")).FullName;
        string dll = Path.Combine(release, "CloudI.Executable.TestServices.dll");
        File.Copy(Path.Combine(Cloudi.ServicesDir, "CloudI.Executable.TestServices.dll"), dll);
        Assert.Equal("ok", await Post("code_path_remove", $"\"{Cloudi.ServicesDir}\""));
        Assert.Equal("ok", await Post("code_path_add", $"\"{release}\""));

        string added = await Post("services_add", "[[{prefix, \"/rel/\"}, {module, 'CloudI.TestServices.Version'}]]");
        string id = Assert.Single(HexIds().Matches(added)).Value;
        Assert.Equal("code-version-1", await SendViaControl("/rel/version", ""));

        byte[] bytes = File.ReadAllBytes(dll);
        byte[] from = Encoding.Unicode.GetBytes("code-version-1");
        byte[] to = Encoding.Unicode.GetBytes("code-version-2");
        for (int i = bytes.AsSpan().IndexOf(from); i >= 0; i = bytes.AsSpan().IndexOf(from))
        {
            to.CopyTo(bytes, i);
        }

        File.WriteAllBytes(dll, bytes);
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow.AddSeconds(5));

        string updated = await Post("services_update", "[{\"\", [{module, 'CloudI.TestServices.Version'}]}]");
        Assert.Contains(id, updated);
        Assert.Equal("code-version-2", await SendViaControl("/rel/version", ""));
        Assert.Contains(id, await Get("services"));
        await WaitUntil(() => _runtime.Stdout.Contains($"code path assembly {dll} unloaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbage_bodies_get_error_replies_and_the_runtime_keeps_serving()
    {
        string[] bodies = ["[{sensitive", "\u0000\u0001\u00ff", new string('[', 10000), "{\"method\": 42}", "", "'unterminated"];
        foreach (string body in bodies)
        {
            using HttpResponseMessage response = await _http.PostAsync(Url("/cloudi/api/rpc/acl_add.erl"), Form(body));
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{body}: {response.StatusCode} {text}");
            Assert.StartsWith("{error,", text);
        }

        using HttpResponseMessage rpc = await _http.PostAsync(Url("/cloudi/api/rpc.json"), Form("not json at all"));
        Assert.Contains("\"error\"", await rpc.Content.ReadAsStringAsync());

        Assert.Contains("cloudi_service_api_requests", await Get("services"));
        Assert.False(_runtime.HasExited);
    }

    [Fact]
    public async Task The_level_set_over_HTTP_filters_the_log_file_at_once()
    {
        Assert.Equal("ok", await Post("logging_level_set", "error"));
        long before = new FileInfo(LogFile).Length;

        // A service removed is logged at info: not written any more.
        string added = await Post("services_add",
            "[[{prefix, \"/x/\"}, {module, 'CloudI.TestServices.Echo'}]]");
        string id = Assert.Single(HexIds().Matches(added)).Value;
        Assert.Equal("ok", await Post("services_remove", $"[\"{id}\"]"));
        Assert.Equal(before, new FileInfo(LogFile).Length);

        Assert.Equal("ok", await Post("logging_level_set", "info"));
        added = await Post("services_add", "[[{prefix, \"/y/\"}, {module, 'CloudI.TestServices.Echo'}]]");
        id = Assert.Single(HexIds().Matches(added)).Value;
        Assert.Equal("ok", await Post("services_remove", $"[\"{id}\"]"));
        await WaitUntil(() => new FileInfo(LogFile).Length > before);
    }

    private async Task<string> Get(string function)
    {
        using HttpResponseMessage response = await _http.GetAsync(Url($"/cloudi/api/rpc/{function}.erl"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function}: {response.StatusCode} {text}");
        return text;
    }

    private async Task<string> Post(string function, string body) => await PostRaw($"/cloudi/api/rpc/{function}.erl", body);

    private async Task<string> PostRaw(string path, string body)
    {
        using HttpResponseMessage response = await _http.PostAsync(Url(path), Form(body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return text;
    }

    /// <summary>What curl -d sends.</summary>
    private static StringContent Form(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    private Uri Url(string path) => new($"http://127.0.0.1:{_port}{path}");

    private async Task<string> SendViaControl(string name, string request)
    {
        List<string> replies = await Cloudi.ExchangeAsync(_dir.Socket, Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { command = "send_sync", name, request }) + "\n"), 1);
        using var reply = JsonDocument.Parse(replies[0]);
        return reply.RootElement.TryGetProperty("response", out JsonElement response)
            ? response.GetString()!
            : throw new InvalidOperationException(replies[0]);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex HexIds();
}
