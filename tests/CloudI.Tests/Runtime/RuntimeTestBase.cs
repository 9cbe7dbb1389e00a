using System.Text;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Tests.Runtime;

/// <summary>A real runtime per test, stopped afterwards.</summary>
public abstract class RuntimeTestBase : IAsyncLifetime
{
    protected CloudIRuntime Runtime { get; private set; } = null!;

    protected virtual CloudIRuntimeOptions RuntimeOptions => new();

    public Task InitializeAsync()
    {
        Runtime = new CloudIRuntime(RuntimeOptions);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Runtime.StopAsync();

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    protected static ValueTask<RequestResult> Reply(string text) => new(RequestResult.Reply(text));

    protected Task<Guid> Start(Script script, string prefix = "/", int processes = 1,
        CloudI.Configuration.ServiceOptions? options = null, int maxR = 5, int maxT = 300, uint timeoutInit = 5000,
        CloudI.Configuration.DestRefresh? destRefresh = null) =>
        Runtime.AddServiceAsync(ScriptedService.Config(script, prefix, processes, options, maxR, maxT, timeoutInit,
            destRefresh));
}
