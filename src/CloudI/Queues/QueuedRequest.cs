namespace CloudI.Queues;

/// <summary>
/// A request held in a <see cref="PriorityRequestQueue{T}"/>; keep it to take the request out
/// early (its timeout expired) with <see cref="PriorityRequestQueue{T}.Remove"/>.
/// </summary>
/// <typeparam name="T">The request type.</typeparam>
public sealed class QueuedRequest<T>
{
    internal QueuedRequest(T request, int priority, long size)
    {
        Request = request;
        Priority = priority;
        Size = size;
    }

    /// <summary>The queued request.</summary>
    public T Request { get; }

    /// <summary>Its priority, −128 (first) to 127 (last).</summary>
    public int Priority { get; }

    /// <summary>The size it counts for against the byte limit.</summary>
    public long Size { get; }

    /// <summary>The list node while queued; null once dequeued or removed.</summary>
    internal LinkedListNode<QueuedRequest<T>>? Node { get; set; }
}
