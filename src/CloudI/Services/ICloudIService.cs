using Erlang.Terms;

namespace CloudI.Services;

/// <summary>
/// A C# internal service: CloudI's <c>cloudi_service</c> behaviour. The runtime creates one
/// instance per service process (<c>count_process</c>) and calls it from one logical thread at
/// a time: a request or an info message is handled only after the previous one finished.
/// </summary>
public interface ICloudIService
{
    /// <summary>
    /// <c>cloudi_service_init</c>: subscribe and set up state within <paramref name="timeout"/>
    /// ms (<c>timeout_init</c>); throwing, or running past the timeout, is a start failure.
    /// <c>send_sync</c>, <c>recv_async</c>, <c>return</c> and <c>forward</c> may not be used here.
    /// </summary>
    ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken);

    /// <summary>
    /// <c>cloudi_service_handle_request</c>. Throwing, or running past the request's timeout,
    /// fails the process (it is restarted under MaxR/MaxT); the token is cancelled then.
    /// </summary>
    ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken);

    /// <summary>
    /// <c>cloudi_service_handle_info</c>: any other message, such as <see cref="ReturnAsyncActive"/>
    /// and <see cref="TimeoutAsyncActive"/> or what <see cref="ServiceDispatcher.SendInfo"/> posted.
    /// </summary>
    ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher, CancellationToken cancellationToken);

    /// <summary><c>cloudi_service_terminate</c>: release resources within <paramref name="timeout"/> ms.</summary>
    ValueTask TerminateAsync(string reason, uint timeout, CancellationToken cancellationToken);
}

/// <summary>A convenient base for <see cref="ICloudIService"/>: only the request handler is required.</summary>
public abstract class CloudIService : ICloudIService
{
    /// <inheritdoc />
    public virtual ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public abstract ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual ValueTask TerminateAsync(string reason, uint timeout, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
