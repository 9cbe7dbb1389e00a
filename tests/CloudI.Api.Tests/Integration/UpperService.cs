using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Api.Tests.Integration;

/// <summary>An internal C# service the external example calls: <c>upper</c> answers the request in upper case.</summary>
public sealed class UpperService : CloudIService
{
    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        dispatcher.Subscribe("upper");
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) =>
        new(RequestResult.Reply(System.Text.Encoding.UTF8.GetString(request.Request.Span).ToUpperInvariant()));
}
