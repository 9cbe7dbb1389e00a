using System.Text;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Examples.Tests;

/// <summary>A real runtime per test, stopped afterwards, with helpers to start the example services.</summary>
public abstract class ExamplesTestBase : IAsyncLifetime
{
    protected CloudIRuntime Runtime { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Runtime = new CloudIRuntime();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Runtime.StopAsync();

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary><c>{Key, "Value"}</c>.</summary>
    protected static ErlangTerm Arg(string key, string value) =>
        new ErlangTuple(new ErlangAtom(key), ErlangList.FromString(value));

    /// <summary>A configuration as the configuration file would give it: the module is the type's full name.</summary>
    protected static InternalServiceConfig Config(Type service, string prefix, int processes = 1,
        params ErlangTerm[] args) => new()
    {
        Module = service.FullName!,
        Prefix = prefix,
        Args = args,
        CountProcess = ProcessCount.Exactly(processes),
        TimeoutSync = 20000,
        TimeoutTerminate = 2000,
    };

    protected Task<Guid> Start(Type service, string prefix, int processes = 1, params ErlangTerm[] args) =>
        Runtime.AddServiceAsync(Config(service, prefix, processes, args));

    /// <summary>A send_sync that must succeed; returns the response text.</summary>
    protected static async Task<string> Call(ServiceDispatcher context, string name, string request = "",
        uint timeout = 5000)
    {
        SendSyncResult result = await context.SendSync(name, default, Bytes(request), timeout);
        Assert.True(result.IsOk, $"send_sync {name}: {{error, {result.Error}}}");
        return result.ResponseText;
    }
}
