namespace CloudI.Runtime;

/// <summary>
/// Something a <see cref="DeadlineScheduler"/> fires once its deadline passes. The scheduler's
/// bookkeeping lives in the entry itself (its heap slot), so scheduling and cancelling allocate
/// nothing: that is the point of the scheduler, which replaces a <see cref="Timer"/> per request.
/// </summary>
internal abstract class DeadlineEntry : IThreadPoolWorkItem
{
    /// <summary>The deadline (<see cref="Clock.Now"/> ticks); owned by the scheduler's lock while scheduled.</summary>
    internal long Due;

    /// <summary>The slot in the scheduler's heap, −1 when not scheduled; owned by the scheduler's lock.</summary>
    internal int HeapIndex = -1;

    /// <summary>The scheduler holding the entry (set once, when first scheduled).</summary>
    internal DeadlineScheduler? Scheduler;

    /// <summary>Whether the entry waits in a scheduler now (racy outside the scheduler's lock: for tests).</summary>
    internal bool IsScheduled => Volatile.Read(ref HeapIndex) >= 0;

    /// <summary>The deadline passed (called once, on a thread-pool thread, never under the scheduler's lock).</summary>
    protected internal abstract void OnDeadline();

    /// <inheritdoc />
    void IThreadPoolWorkItem.Execute() => OnDeadline();
}
