using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Http.Tests;

/// <summary>A real runtime with the HTTP front on a free loopback port and test services behind it.</summary>
public abstract class FrontTestBase : IAsyncLifetime
{
    protected CloudIRuntime Runtime { get; private set; } = null!;

    protected int Port { get; private set; }

    protected HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Runtime = new CloudIRuntime(new CloudIRuntimeOptions());
        HttpFrontService.Register(Runtime);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Runtime.StopAsync();
    }

    /// <summary>Starts the front with <c>[{port, P}, <paramref name="args"/>]</c>.</summary>
    protected async Task StartFront(string args = "", uint timeoutSync = 30000)
    {
        Port = FreePort();
        Client?.Dispose();
        await Runtime.AddServiceAsync(FrontConfig($"{{port, {Port}}}" + (args.Length > 0 ? ", " + args : ""),
            timeoutSync));
        Client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
            Timeout = TimeSpan.FromSeconds(40),
        };
    }

    protected static InternalServiceConfig FrontConfig(string args, uint timeoutSync = 30000) => new()
    {
        Module = HttpFrontService.ModuleName,
        Prefix = "/",
        Args = ((ErlangList)ErlangTermReader.Parse("[" + args + "]")).Elements,
        TimeoutSync = timeoutSync,
        MaxR = 0,
        TimeoutTerminate = 2000,
    };

    protected Task<Guid> Backend(string prefix, Behaviour behaviour) =>
        Runtime.AddServiceAsync(TestService.Config(behaviour, prefix));

    /// <summary>A service answering every name under <paramref name="prefix"/> with its name in <c>x-name</c> and the request as body.</summary>
    protected Task<Guid> Recorder(string prefix = "/m/") => Backend(prefix, new Behaviour
    {
        Subscribe = ["*"],
        Handle = r => new(RequestResult.Reply(Info(("x-name", r.Name)), r.Request)),
    });

    protected static byte[] Info(params (string Key, string Value)[] pairs)
    {
        var text = new StringBuilder();
        foreach ((string key, string value) in pairs)
        {
            text.Append(key).Append('\0').Append(value).Append('\0');
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }

    protected static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values)
            ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out IEnumerable<string>? content)
                ? string.Join(",", content)
                : "<none>";

    /// <summary>Sends raw bytes on a new connection and reads until the server closes it.</summary>
    protected async Task<(string Response, int LocalPort)> Raw(string request, int port = 0)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port == 0 ? Port : port);
        int local = ((IPEndPoint)tcp.Client.LocalEndPoint!).Port;
        NetworkStream stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var buffer = new MemoryStream();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await stream.CopyToAsync(buffer, cancel.Token);
        }
        catch (IOException)
        {
            // A reset after the response is fine for these checks.
        }

        return (Encoding.Latin1.GetString(buffer.ToArray()), local);
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
