using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Examples.Tests;

/// <summary>A test service that subscribes <c>{pattern, P}</c> and answers <c>{answer, A}</c> to everything.</summary>
public sealed class FixedAnswerService : CloudIService
{
    private string _answer = "";

    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ServiceArgs parsed = ServiceArgs.Parse(args, "pattern", "answer");
        dispatcher.Subscribe(parsed.String("pattern", "fixed"));
        _answer = parsed.String("answer", "fixed");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply(_answer));
}
