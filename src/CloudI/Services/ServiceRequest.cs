using CloudI.Transactions;

namespace CloudI.Services;

/// <summary>
/// One service request as its handler sees it: the arguments of CloudI's
/// <c>cloudi_service_handle_request</c> callback. <see cref="Timeout"/> is the time left when
/// the handler starts (queueing time already taken off).
/// </summary>
public sealed class ServiceRequest
{
    internal ServiceRequest(
        RequestType type,
        string name,
        string pattern,
        ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request,
        uint timeout,
        sbyte priority,
        TransId transId,
        ServiceDispatcher source)
    {
        Type = type;
        Name = name;
        Pattern = pattern;
        RequestInfo = requestInfo;
        Request = request;
        Timeout = timeout;
        Priority = priority;
        TransId = transId;
        Source = source;
    }

    /// <summary>Whether the sender waits synchronously.</summary>
    public RequestType Type { get; }

    /// <summary>The full service name the request was sent to.</summary>
    public string Name { get; }

    /// <summary>The full pattern (this service's subscription) that matched the name.</summary>
    public string Pattern { get; }

    /// <summary>Request metadata (by convention <c>key\0value\0</c> pairs).</summary>
    public ReadOnlyMemory<byte> RequestInfo { get; }

    /// <summary>The request body.</summary>
    public ReadOnlyMemory<byte> Request { get; }

    /// <summary>Milliseconds left before the sender gives up.</summary>
    public uint Timeout { get; internal set; }

    /// <summary>−128 (highest) … 127 (lowest).</summary>
    public sbyte Priority { get; }

    /// <summary>The request's v1 UUID; forwards keep it.</summary>
    public TransId TransId { get; }

    /// <summary>The original sender, the one a response goes to (also after forwards).</summary>
    public ServiceDispatcher Source { get; }

    /// <summary>When the request entered the destination's queue (stopwatch ticks); 0 if never queued.</summary>
    internal long QueuedAt { get; set; }

    /// <summary>When the handler started (stopwatch ticks), for <c>request_timeout_adjustment</c>.</summary>
    internal long StartedAt { get; set; }

    /// <summary>The timeout the handler was given, to recognise "returned with exactly the timeout received".</summary>
    internal uint DeliveredTimeout { get; set; }

    /// <summary>The size counted against <c>queue_size</c> (see <see cref="Runtime.RequestSize"/>).</summary>
    internal long QueueBytes { get; set; }

    /// <summary>Set once a response (or forward) went out, so a late second answer is not sent.</summary>
    internal int Answered;
}
