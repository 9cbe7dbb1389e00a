using System.Numerics;

namespace CloudI.Queues;

/// <summary>
/// The incoming request queue of one subscriber (§7.2, §7.3): priority −128 leaves first and
/// 127 last, FIFO within a priority, optionally bounded by a request count (<c>queue_limit</c>)
/// and a byte total (<c>queue_size</c>). Enqueue, dequeue and removal are O(1). Owned by the
/// subscriber's single dispatch loop, so it is not thread-safe.
/// </summary>
/// <typeparam name="T">The request type.</typeparam>
public sealed class PriorityRequestQueue<T>
{
    /// <summary>The highest priority (served first).</summary>
    public const int HighestPriority = -128;

    /// <summary>The lowest priority (served last).</summary>
    public const int LowestPriority = 127;

    private const int Levels = 256;

    private readonly LinkedList<QueuedRequest<T>>?[] _levels = new LinkedList<QueuedRequest<T>>?[Levels];

    // One bit per priority level with queued requests: finding the first non-empty level is a
    // trailing-zero count over four words instead of a scan over 256 lists.
    private readonly ulong[] _nonEmpty = new ulong[Levels / 64];

    /// <summary>Creates an empty queue.</summary>
    /// <param name="countLimit">
    /// <c>queue_limit</c>: a request is accepted only while fewer than this many are queued
    /// (0 never queues); null for no limit.
    /// </param>
    /// <param name="sizeLimit">
    /// <c>queue_size</c> in bytes (the option is configured in KiB; multiply by 1024): a request is
    /// accepted only if the queued bytes plus its size stay within it; null for no limit.
    /// </param>
    public PriorityRequestQueue(int? countLimit = null, long? sizeLimit = null)
    {
        if (countLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(countLimit), countLimit, "must not be negative");
        }

        if (sizeLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeLimit), sizeLimit, "must not be negative");
        }

        CountLimit = countLimit;
        SizeLimit = sizeLimit;
    }

    /// <summary>The <c>queue_limit</c>, or null.</summary>
    public int? CountLimit { get; }

    /// <summary>The <c>queue_size</c> in bytes, or null.</summary>
    public long? SizeLimit { get; }

    /// <summary>The number of queued requests.</summary>
    public int Count { get; private set; }

    /// <summary>The total size of the queued requests.</summary>
    public long Bytes { get; private set; }

    /// <summary>
    /// Queues <paramref name="request"/> behind every request of the same or a higher priority,
    /// unless a limit refuses it.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="priority">−128 (highest) to 127 (lowest).</param>
    /// <param name="size">Its size for the byte limit; ignored without one.</param>
    /// <param name="queued">The handle when queued, for <see cref="Remove"/>.</param>
    public EnqueueResult TryEnqueue(T request, int priority, long size, out QueuedRequest<T>? queued)
    {
        if (priority is < HighestPriority or > LowestPriority)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "must be within -128..127");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        queued = null;
        if (Count >= CountLimit)
        {
            return EnqueueResult.CountLimitReached;
        }

        if (Bytes + size > SizeLimit)
        {
            return EnqueueResult.SizeLimitReached;
        }

        int level = priority - HighestPriority;
        LinkedList<QueuedRequest<T>> list = _levels[level] ??= new LinkedList<QueuedRequest<T>>();
        queued = new QueuedRequest<T>(request, priority, size);
        queued.Node = list.AddLast(queued);
        _nonEmpty[level >> 6] |= 1UL << (level & 63);
        Count++;
        Bytes += size;
        return EnqueueResult.Queued;
    }

    /// <summary>As <see cref="TryEnqueue(T, int, long, out QueuedRequest{T}?)"/> for a request of size 0.</summary>
    /// <param name="request">The request.</param>
    /// <param name="priority">−128 (highest) to 127 (lowest).</param>
    public EnqueueResult TryEnqueue(T request, int priority) => TryEnqueue(request, priority, 0, out _);

    /// <summary>Takes the first request of the highest non-empty priority; false when empty.</summary>
    /// <param name="queued">The request taken.</param>
    public bool TryDequeue(out QueuedRequest<T>? queued)
    {
        queued = null;
        for (int word = 0; word < _nonEmpty.Length; word++)
        {
            if (_nonEmpty[word] != 0)
            {
                int level = (word << 6) + BitOperations.TrailingZeroCount(_nonEmpty[word]);
                queued = _levels[level]!.First!.Value;
                Unlink(queued);
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes <paramref name="queued"/> out before its turn (e.g. it timed out); false if already gone.</summary>
    /// <param name="queued">A handle returned by <see cref="TryEnqueue(T, int, long, out QueuedRequest{T}?)"/>.</param>
    public bool Remove(QueuedRequest<T> queued)
    {
        ArgumentNullException.ThrowIfNull(queued);
        if (queued.Node?.List is null || !ReferenceEquals(queued.Node.List, _levels[queued.Priority - HighestPriority]))
        {
            return false;
        }

        Unlink(queued);
        return true;
    }

    private void Unlink(QueuedRequest<T> queued)
    {
        int level = queued.Priority - HighestPriority;
        LinkedList<QueuedRequest<T>> list = _levels[level]!;
        list.Remove(queued.Node!);
        queued.Node = null;
        if (list.Count == 0)
        {
            _nonEmpty[level >> 6] &= ~(1UL << (level & 63));
        }

        Count--;
        Bytes -= queued.Size;
    }
}
