using System.Collections.Concurrent;
using CloudI.Configuration;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.External.Tests.Python;

/// <summary>The behaviour a test gives a <see cref="ScriptedService"/> (every member optional).</summary>
public sealed class Script
{
    public Func<ServiceDispatcher, ValueTask>? Init { get; init; }

    public Func<ServiceRequest, ServiceDispatcher, CancellationToken, ValueTask<RequestResult>>? Handle { get; init; }

    public Func<object, ServiceDispatcher, ValueTask>? Info { get; init; }

    public Action<string>? Terminate { get; init; }

    /// <summary>Patterns (without prefix) subscribed at init, before <see cref="Init"/> runs.</summary>
    public IReadOnlyList<string> Subscribe { get; init; } = [];
}

/// <summary>
/// A real internal service whose behaviour comes from a <see cref="Script"/> registered under
/// the id in its <c>{script, Id}</c> argument, so each test defines its own services.
/// </summary>
public sealed class ScriptedService : ICloudIService
{
    private static readonly ConcurrentDictionary<string, Script> s_scripts = new();
    private Script _script = new();

    public static InternalServiceConfig Config(Script script, string prefix = "/", int processes = 1,
        ServiceOptions? options = null, int maxR = 5, int maxT = 300, uint timeoutInit = 5000,
        DestRefresh? destRefresh = null, uint timeoutSync = 5000, uint timeoutAsync = 5000)
    {
        string id = Guid.NewGuid().ToString("N");
        s_scripts[id] = script;
        return new InternalServiceConfig
        {
            Module = typeof(ScriptedService).FullName!,
            Prefix = prefix,
            Args = [new ErlangTuple(new ErlangAtom("script"), ErlangList.FromString(id))],
            CountProcess = ProcessCount.Exactly(processes),
            Options = options ?? ServiceOptions.Default,
            MaxR = maxR,
            MaxT = maxT,
            TimeoutInit = timeoutInit,
            TimeoutSync = timeoutSync,
            TimeoutAsync = timeoutAsync,
            DestRefresh = destRefresh ?? DestRefresh.Default,
            TimeoutTerminate = 2000,
        };
    }

    public async ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var tuple = (ErlangTuple)args[0];
        ((ErlangList)tuple[1]).TryGetString(out string id);
        _script = s_scripts[id];
        foreach (string pattern in _script.Subscribe)
        {
            dispatcher.Subscribe(pattern);
        }

        if (_script.Init is not null)
        {
            await _script.Init(dispatcher);
        }
    }

    public ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) =>
        _script.Handle?.Invoke(request, dispatcher, cancellationToken) ?? new(RequestResult.Reply(request.Request));

    public ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher, CancellationToken cancellationToken) =>
        _script.Info?.Invoke(message, dispatcher) ?? ValueTask.CompletedTask;

    public ValueTask TerminateAsync(string reason, uint timeout, CancellationToken cancellationToken)
    {
        _script.Terminate?.Invoke(reason);
        return ValueTask.CompletedTask;
    }
}
