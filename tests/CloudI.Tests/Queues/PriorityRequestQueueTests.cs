using CloudI.Queues;

namespace CloudI.Tests.Queues;

public sealed class PriorityRequestQueueTests
{
    [Fact]
    public void Higher_priorities_leave_first_and_equal_ones_in_arrival_order()
    {
        var queue = new PriorityRequestQueue<string>();
        (string Name, int Priority)[] arrivals =
        [
            ("d0", 0), ("low1", 127), ("hi1", -128), ("d1", 0), ("m1", -1), ("low2", 127), ("hi2", -128), ("p1", 1), ("d2", 0),
        ];
        foreach ((string name, int priority) in arrivals)
        {
            Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(name, priority));
        }

        Assert.Equal(arrivals.Length, queue.Count);
        Assert.Equal(["hi1", "hi2", "m1", "d0", "d1", "d2", "p1", "low1", "low2"], Drain(queue));
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void Every_priority_level_orders_correctly()
    {
        var queue = new PriorityRequestQueue<int>();
        var random = new Random(3);
        var expected = new List<(int Priority, int Arrival)>();
        for (int k = 0; k < 3000; k++)
        {
            int priority = random.Next(-128, 128);
            queue.TryEnqueue(k, priority);
            expected.Add((priority, k));
        }

        Assert.Equal(expected.OrderBy(e => e.Priority).ThenBy(e => e.Arrival).Select(e => e.Arrival), Drain(queue));
    }

    [Fact]
    public void The_count_limit_refuses_once_reached()
    {
        var queue = new PriorityRequestQueue<int>(countLimit: 2);
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(1, 0));
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(2, 0));
        Assert.Equal(EnqueueResult.CountLimitReached, queue.TryEnqueue(3, -128));
        queue.TryDequeue(out _);
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(3, -128));
        Assert.Equal([3, 2], Drain(queue));
    }

    [Fact]
    public void A_zero_limit_never_queues() =>
        Assert.Equal(EnqueueResult.CountLimitReached, new PriorityRequestQueue<int>(countLimit: 0).TryEnqueue(1, 0));

    [Fact]
    public void The_size_limit_counts_queued_bytes()
    {
        var queue = new PriorityRequestQueue<string>(sizeLimit: 2 * 1024);
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue("a", 0, 1024, out _));
        Assert.Equal(EnqueueResult.SizeLimitReached, queue.TryEnqueue("b", 0, 1025, out QueuedRequest<string>? refused));
        Assert.Null(refused);
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue("c", 0, 1024, out _));
        Assert.Equal(2048, queue.Bytes);
        queue.TryDequeue(out QueuedRequest<string>? first);
        Assert.Equal("a", first!.Request);
        Assert.Equal(1024, queue.Bytes);
    }

    [Fact]
    public void An_expired_request_can_be_removed_before_its_turn()
    {
        var queue = new PriorityRequestQueue<string>();
        queue.TryEnqueue("a", 5, 10, out _);
        queue.TryEnqueue("b", 5, 20, out QueuedRequest<string>? b);
        queue.TryEnqueue("c", -5, 30, out QueuedRequest<string>? c);
        Assert.True(queue.Remove(b!));
        Assert.False(queue.Remove(b!));
        Assert.True(queue.Remove(c!));
        Assert.Equal(1, queue.Count);
        Assert.Equal(10, queue.Bytes);
        Assert.Equal(["a"], Drain(queue));
        Assert.False(new PriorityRequestQueue<string>().Remove(b!));
    }

    [Theory]
    [InlineData(-129)]
    [InlineData(128)]
    public void Priorities_outside_the_range_are_refused(int priority) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriorityRequestQueue<int>().TryEnqueue(1, priority));

    private static List<T> Drain<T>(PriorityRequestQueue<T> queue)
    {
        var items = new List<T>();
        while (queue.TryDequeue(out QueuedRequest<T>? queued))
        {
            items.Add(queued!.Request);
        }

        return items;
    }
}
