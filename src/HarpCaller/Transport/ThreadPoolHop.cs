using System.Runtime.CompilerServices;

namespace HarpCaller.Transport;

/// <summary>
/// Awaiting it continues on a thread-pool thread: at once when already on one, else queued there.
/// For code that may run on a socket event thread (inline completions) and is about to do work
/// that must not hold that thread: synchronous store reads, cryptography.
/// </summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    /// <summary>The awaitable.</summary>
    public static ThreadPoolHop Instance => default;

    /// <summary>For <c>await</c>.</summary>
    public ThreadPoolHop GetAwaiter() => this;

    /// <summary>Completed when the current thread is a pool thread.</summary>
    public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

    /// <summary>For <c>await</c>; nothing to return.</summary>
    public void GetResult()
    {
    }

    /// <summary>Queues the continuation to the pool (execution context flows).</summary>
    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    /// <summary>Queues the continuation to the pool.</summary>
    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
