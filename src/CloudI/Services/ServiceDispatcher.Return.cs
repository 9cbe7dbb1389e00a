using CloudI.Runtime;
using CloudI.Subscriptions;
using CloudI.Transactions;

namespace CloudI.Services;

public sealed partial class ServiceDispatcher
{
    /// <summary>
    /// <c>return</c>: sends the response to <paramref name="source"/> now. Inside a handler,
    /// return the result (<see cref="RequestResult.Handled"/>); after a
    /// <see cref="RequestResult.NoReply"/> it may be called later, from the info handler (CloudI's
    /// <c>return_nothrow</c>). Both parts empty is a null response (delivered only when the
    /// timeout is above <c>response_timeout_immediate_max</c>, §5.6).
    /// </summary>
    public RequestResult Return(RequestType type, string name, string pattern, ReadOnlyMemory<byte> responseInfo,
        ReadOnlyMemory<byte> response, uint timeout, TransId transId, ServiceDispatcher source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(source);
        _ = type;
        SendResponse(name, pattern, responseInfo, response, timeout, transId, source);
        return RequestResult.Handled;
    }

    /// <summary><c>return</c> for <paramref name="request"/> with its own timeout.</summary>
    public RequestResult Return(ServiceRequest request, ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Return(request.Type, request.Name, request.Pattern, responseInfo, response, request.Timeout,
            request.TransId, request.Source);
    }

    /// <summary>
    /// <c>forward</c>: sends the request on to <paramref name="name"/> with the same TransId and
    /// Source, <c>timeout − 100</c> ms (dropped below 100), the ACLs and the lookup retry; the
    /// final responder answers the Source directly. A forward that finds no destination is dropped
    /// (the sender times out).
    /// </summary>
    public RequestResult Forward(RequestType type, string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ServiceDispatcher source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        ForwardCore(type, name, requestInfo, request, timeout, priority, transId, source);
        return RequestResult.Handled;
    }

    /// <summary>Carries out what a handler returned for <paramref name="request"/>.</summary>
    internal void Apply(ServiceRequest request, RequestResult result)
    {
        switch (result.Kind)
        {
            case RequestResultKind.Reply:
                SendResponse(request.Name, request.Pattern, result.ResponseInfo, result.Response, request.Timeout,
                    request.TransId, request.Source);
                break;
            case RequestResultKind.Forward:
                ForwardCore(request.Type, result.ForwardName!, result.ResponseInfo, result.Response,
                    result.ForwardTimeout ?? request.Timeout, result.ForwardPriority ?? request.Priority,
                    request.TransId, request.Source);
                break;
        }
    }

    /// <summary>
    /// The request being handled now, when <paramref name="transId"/> is it: marks it answered
    /// (false if it already was) and applies <c>request_timeout_adjustment</c> (§5.3).
    /// </summary>
    private bool ClaimAnswer(TransId transId, ServiceDispatcher source, ref uint timeout)
    {
        ServiceRequest? current = Mailbox?.Current;
        if (current is null || current.TransId != transId || !ReferenceEquals(current.Source, source))
        {
            return true;
        }

        if (Interlocked.Exchange(ref current.Answered, 1) != 0)
        {
            return false;
        }

        timeout = AdjustedTimeout(current, timeout);
        return true;
    }

    /// <summary>
    /// <c>request_timeout_adjustment</c> (§5.3): a return or forward with exactly the timeout the
    /// handler was given gets the handler's time taken off. For callers that end the request
    /// before returning it (external threads hand the library its next request first).
    /// </summary>
    internal uint AdjustedTimeout(ServiceRequest handled, uint timeout)
    {
        if (Settings.Options.RequestTimeoutAdjustment && timeout == handled.DeliveredTimeout)
        {
            uint elapsed = Clock.ElapsedMs(handled.StartedAt);
            timeout = elapsed >= timeout ? 0 : timeout - elapsed;
        }

        return timeout;
    }

    private void SendResponse(string name, string pattern, ReadOnlyMemory<byte> responseInfo,
        ReadOnlyMemory<byte> response, uint timeout, TransId transId, ServiceDispatcher source)
    {
        if (!ClaimAnswer(transId, source, ref timeout))
        {
            return;
        }

        // A null response below the threshold is discarded: the sender waits for its own timer (§5.6).
        if (responseInfo.IsEmpty && response.IsEmpty && timeout <= Settings.Options.ResponseTimeoutImmediateMax)
        {
            return;
        }

        source.DeliverResponse(transId, name, pattern, responseInfo, response, timeout);
    }

    private void ForwardCore(RequestType type, string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ServiceDispatcher source)
    {
        if (!ClaimAnswer(transId, source, ref timeout) || !MaySend(name) || timeout < TimeoutDelta)
        {
            return;
        }

        timeout -= TimeoutDelta;
        Subscription<ServiceDispatcher>? found = LookupOnce(name, timeout, source, out bool retry);
        if (found is not null)
        {
            found.Subscriber.Mailbox?.Deliver(
                new ServiceRequest(type, name, found.Pattern, requestInfo, request, timeout, priority, transId, source),
                inline: _runtime.InlineAsyncDelivery);
        }
        else if (retry)
        {
            _ = ForwardAfterRetries(type, name, requestInfo, request, timeout, priority, transId, source);
        }
    }

    private async Task ForwardAfterRetries(RequestType type, string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority, TransId transId, ServiceDispatcher source)
    {
        while (true)
        {
            await Task.Delay((int)Interval).ConfigureAwait(false);
            timeout -= Interval;
            Subscription<ServiceDispatcher>? found = LookupOnce(name, timeout, source, out bool retry);
            if (found is not null)
            {
                found.Subscriber.Mailbox?.Deliver(
                    new ServiceRequest(type, name, found.Pattern, requestInfo, request, timeout, priority, transId, source),
                    inline: false);
                return;
            }

            if (!retry)
            {
                return;
            }
        }
    }
}
