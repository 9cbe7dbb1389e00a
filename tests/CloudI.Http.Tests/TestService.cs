using System.Collections.Concurrent;
using CloudI.Configuration;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Http.Tests;

/// <summary>What a <see cref="TestService"/> subscribes and how it answers.</summary>
public sealed class Behaviour
{
    /// <summary>Patterns relative to the prefix.</summary>
    public IReadOnlyList<string> Subscribe { get; init; } = [];

    public Func<ServiceRequest, ValueTask<RequestResult>> Handle { get; init; } =
        r => new(RequestResult.Reply(r.Request));
}

/// <summary>A real internal service whose behaviour a test supplies through its <c>{id, Id}</c> argument.</summary>
public sealed class TestService : ICloudIService
{
    private static readonly ConcurrentDictionary<string, Behaviour> s_behaviours = new();
    private Behaviour _behaviour = new();

    public static InternalServiceConfig Config(Behaviour behaviour, string prefix)
    {
        string id = Guid.NewGuid().ToString("N");
        s_behaviours[id] = behaviour;
        return new InternalServiceConfig
        {
            Module = typeof(TestService).FullName!,
            Prefix = prefix,
            Args = [new ErlangTuple(new ErlangAtom("id"), ErlangList.FromString(id))],
            TimeoutTerminate = 2000,
        };
    }

    public ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ((ErlangList)((ErlangTuple)args[0])[1]).TryGetString(out string id);
        _behaviour = s_behaviours[id];
        foreach (string pattern in _behaviour.Subscribe)
        {
            dispatcher.Subscribe(pattern);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => _behaviour.Handle(request);

    public ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public ValueTask TerminateAsync(string reason, uint timeout, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
