using System.Text;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.ServiceApi.Tests;

/// <summary>A real runtime with the API service at <c>/cloudi/api/</c>, driven from a context.</summary>
public abstract class ApiTestBase : IAsyncLifetime
{
    protected const string Api = "/cloudi/api/";

    protected CloudIRuntime Runtime { get; private set; } = null!;

    protected ServiceDispatcher Context { get; private set; } = null!;

    protected Guid ApiId { get; private set; }

    public async Task InitializeAsync()
    {
        Runtime = new CloudIRuntime();
        ServiceApiService.Register(Runtime);
        Runtime.ServiceTypes.Register("test_echo_service", typeof(EchoService));
        Runtime.ServiceTypes.Register("test_probe_service", typeof(ProbeService));
        ServiceConfig config = ServiceConfigParser.Parse(ErlangTermReader.Parse(
            "[{prefix, \"/cloudi/api/\"}, {module, cloudi_service_api_requests}, {dest_refresh, none}]"));
        ApiId = await Runtime.AddServiceAsync(config);
        Context = Runtime.CreateContext(timeoutSync: 10000);
    }

    public async Task DisposeAsync() => await Runtime.StopAsync();

    /// <summary>POST <paramref name="body"/> to <c>rpc/F.erl</c>; the response text (throws on a send error).</summary>
    protected async Task<string> Post(string function, string body, uint timeout = 10000)
    {
        SendSyncResult result = await Context.SendSync($"{Api}rpc/{function}.erl/post", body, timeout);
        Assert.True(result.IsOk, $"{function}: {result.Error}");
        Assert.True(result.ResponseInfo.IsEmpty);
        return result.ResponseText;
    }

    /// <summary>GET <c>rpc/F.erl</c>.</summary>
    protected async Task<string> Get(string function, uint timeout = 10000)
    {
        SendSyncResult result = await Context.SendSync($"{Api}rpc/{function}.erl/get", string.Empty, timeout);
        Assert.True(result.IsOk, $"{function}: {result.Error}");
        return result.ResponseText;
    }

    /// <summary>POST a JSON-RPC body.</summary>
    protected async Task<string> JsonRpc(string body)
    {
        SendSyncResult result = await Context.SendSync($"{Api}rpc.json/post", body);
        Assert.True(result.IsOk, result.Error);
        return result.ResponseText;
    }

    /// <summary>Parses a response as an Erlang term.</summary>
    protected static ErlangTerm Term(string text) => ErlangText.ParseBody(text);

    /// <summary>The ids of a printed id list <c>["…","…"]</c>.</summary>
    protected static List<string> Ids(string text) =>
        [.. ((ErlangList)Term(text)).Elements.Select(e => ((ErlangList)e).TryGetString(out string s) ? s : throw new FormatException(text))];

    protected static string Hex(Guid id) => id.ToString("N");

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
