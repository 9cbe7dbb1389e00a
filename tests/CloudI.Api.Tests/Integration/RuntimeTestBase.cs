using System.Text;
using CloudI.Configuration;
using CloudI.External.Hosting;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Api.Tests.Integration;

/// <summary>A real runtime with external services enabled, per test.</summary>
public abstract class RuntimeTestBase : IAsyncLifetime
{
    internal CapturingLoggerFactory Log { get; } = new();

    protected CloudIRuntime Runtime { get; private set; } = null!;

    protected ServiceDispatcher Context { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Runtime = new CloudIRuntime(new CloudIRuntimeOptions { LoggerFactory = Log });
        ExternalServices.Enable(Runtime);
        Context = Runtime.CreateContext(timeoutSync: 10000);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Runtime.StopAsync();

    protected Task<Guid> StartUpperAsync() => Runtime.AddServiceAsync(new InternalServiceConfig
    {
        Module = typeof(UpperService).FullName!,
        Prefix = "/tests/internal/",
    });

    protected async Task<string> Call(string name, string request = "", string requestInfo = "", uint timeout = 10000)
    {
        SendSyncResult result = await Context.SendSync(name, Encoding.UTF8.GetBytes(requestInfo),
            Encoding.UTF8.GetBytes(request), timeout);
        Assert.True(result.IsOk, $"send_sync {name}: {{error, {result.Error}}}\n{Log.Text}");
        return result.ResponseText;
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
