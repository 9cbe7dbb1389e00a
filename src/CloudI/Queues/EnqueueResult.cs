namespace CloudI.Queues;

/// <summary>What happened to a request offered to a <see cref="PriorityRequestQueue{T}"/>.</summary>
public enum EnqueueResult
{
    /// <summary>The request was queued.</summary>
    Queued,

    /// <summary>Refused: the queue already holds <c>queue_limit</c> requests.</summary>
    CountLimitReached,

    /// <summary>Refused: the request's size would take the queue past <c>queue_size</c> bytes.</summary>
    SizeLimitReached,
}
