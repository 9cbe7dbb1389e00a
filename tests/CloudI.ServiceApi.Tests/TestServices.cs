using System.Text;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.ServiceApi.Tests;

/// <summary>Subscribes <c>echo/get</c>, <c>echo/post</c> and <c>*</c>; replies with the request body.</summary>
public sealed class EchoService : CloudIService
{
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        dispatcher.Subscribe("echo/get");
        dispatcher.Subscribe("echo/post");
        dispatcher.Subscribe("*");
        return ValueTask.CompletedTask;
    }

    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply(request.Request));
}

/// <summary>Subscribes <c>probe</c>: sends a GET-style request to the name in the body and reports the outcome.</summary>
public sealed class ProbeService : CloudIService
{
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        dispatcher.Subscribe("probe");
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        string target = Encoding.UTF8.GetString(request.Request.Span);
        SendSyncResult result = await dispatcher.SendSync(target, string.Empty, 1000);
        return RequestResult.Reply(result.IsOk ? "ok:" + result.ResponseText : "error:" + result.Error);
    }
}
