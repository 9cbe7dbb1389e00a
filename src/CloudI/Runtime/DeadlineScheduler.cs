namespace CloudI.Runtime;

/// <summary>
/// Fires <see cref="DeadlineEntry"/> objects at their deadlines with one <see cref="Timer"/>
/// armed for the earliest deadline, instead of one timer per entry (a <see cref="Timer"/> is
/// three objects, one of them finalizable, and two locked timer-queue updates per request).
/// Scheduling and cancelling are O(log n) under a short lock and allocate nothing: an entry is
/// its own heap node. The process has one scheduler per processor (as the runtime's own timer
/// queues), picked by the scheduling thread, so concurrent senders rarely share a lock.
/// </summary>
/// <remarks>
/// An entry never fires before its deadline: the timer runs on a coarse millisecond clock, so
/// when it fires early it is re-armed for what is left. A cancelled entry does not disarm the
/// timer (most cancellations are of the earliest entry, a response winning): the timer then
/// fires once for nothing and is re-armed for the new earliest deadline. Of several entries due
/// at once the first fires on the timer's thread and the rest are queued to the thread pool, as
/// the runtime's timer queue does, so one slow expiry cannot hold up the others.
/// </remarks>
internal sealed class DeadlineScheduler
{
    private const int InitialCapacity = 16;
    private const long MaxTimerMs = 0xFFFFFFFE;

    private static readonly DeadlineScheduler[] s_perProcessor = CreatePerProcessor();

    private readonly Lock _lock = new();
    private readonly Timer? _timer;
    private DeadlineEntry[] _heap = new DeadlineEntry[InitialCapacity];
    private int _count;
    private long _armedFor = long.MaxValue;

    /// <summary>A scheduler with its own timer.</summary>
    public DeadlineScheduler()
        : this(withTimer: true)
    {
    }

    /// <summary>Without a timer nothing fires by itself (tests drive <see cref="FireDue"/>).</summary>
    internal DeadlineScheduler(bool withTimer)
    {
        if (!withTimer)
        {
            return;
        }

        // The timer must not capture whichever ExecutionContext happens to create it.
        bool suppress = !ExecutionContext.IsFlowSuppressed();
        AsyncFlowControl flow = suppress ? ExecutionContext.SuppressFlow() : default;
        try
        {
            _timer = new Timer(static s => ((DeadlineScheduler)s!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
        }
        finally
        {
            if (suppress)
            {
                flow.Undo();
            }
        }
    }

    /// <summary>The scheduler of the processor this thread runs on.</summary>
    public static DeadlineScheduler Current => s_perProcessor[(uint)Thread.GetCurrentProcessorId() % (uint)s_perProcessor.Length];

    /// <summary>Entries waiting (diagnostics and tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The deadline the timer is armed for, <see cref="long.MaxValue"/> when disarmed (tests).</summary>
    internal long ArmedFor
    {
        get
        {
            lock (_lock)
            {
                return _armedFor;
            }
        }
    }

    /// <summary>
    /// Schedules <paramref name="entry"/> for <paramref name="due"/> (<see cref="Clock.Now"/>
    /// ticks); a deadline already passed fires as soon as the timer can run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The entry is scheduled already.</exception>
    public void Schedule(DeadlineEntry entry, long due)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (entry.HeapIndex >= 0)
            {
                throw new InvalidOperationException("the entry is scheduled already");
            }

            entry.Scheduler = this;
            entry.Due = due;
            if (_count == _heap.Length)
            {
                Array.Resize(ref _heap, _count * 2);
            }

            SiftUp(_count++, entry);
            if (due < _armedFor)
            {
                // Under the lock, so that a later arming cannot overtake an earlier one.
                ArmLocked(due, Clock.Now);
            }
        }
    }

    /// <summary>Takes <paramref name="entry"/> out if it still waits here; false when it was not waiting (fired, cancelled, never scheduled).</summary>
    public bool Cancel(DeadlineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (entry.HeapIndex < 0 || !ReferenceEquals(entry.Scheduler, this))
            {
                return false;
            }

            RemoveAt(entry.HeapIndex);
            return true;
        }
    }

    /// <summary>
    /// Takes out every entry due at <paramref name="now"/>, re-arms the timer for the next one,
    /// then fires them: the first on this thread, the rest on the thread pool. The number fired.
    /// </summary>
    internal int FireDue(long now)
    {
        DeadlineEntry? first = null;
        int fired = 0;
        lock (_lock)
        {
            _armedFor = long.MaxValue;
            while (_count > 0 && _heap[0].Due <= now)
            {
                DeadlineEntry due = _heap[0];
                RemoveAt(0);
                fired++;
                if (first is null)
                {
                    first = due;
                }
                else
                {
                    ThreadPool.UnsafeQueueUserWorkItem(due, preferLocal: false);
                }
            }

            if (_count > 0)
            {
                ArmLocked(_heap[0].Due, now);
            }
        }

        first?.OnDeadline();
        return fired;
    }

    private static DeadlineScheduler[] CreatePerProcessor()
    {
        var all = new DeadlineScheduler[Math.Clamp(Environment.ProcessorCount, 1, 64)];
        for (int k = 0; k < all.Length; k++)
        {
            all[k] = new DeadlineScheduler();
        }

        return all;
    }

    private void OnTimer() => FireDue(Clock.Now);

    private void ArmLocked(long due, long now)
    {
        _armedFor = due;
        if (_timer is null)
        {
            return;
        }

        // Rounded up: the timer must not fire before the deadline (if its coarse clock makes it
        // early anyway, FireDue finds nothing due and arms again for the rest).
        long ms = due <= now ? 0 : Math.Min(MaxTimerMs, Clock.CeilingMs(due - now));
        _timer.Change(ms, Timeout.Infinite);
    }

    private void RemoveAt(int index)
    {
        DeadlineEntry removed = _heap[index];
        removed.HeapIndex = -1;
        int last = --_count;
        DeadlineEntry tail = _heap[last];
        _heap[last] = null!;
        if (index != last)
        {
            if (index > 0 && tail.Due < _heap[(index - 1) >> 1].Due)
            {
                SiftUp(index, tail);
            }
            else
            {
                SiftDown(index, tail);
            }
        }

        // A burst of pending requests must not pin a large array for the process's lifetime.
        if (_heap.Length > InitialCapacity && _count < _heap.Length / 4)
        {
            Array.Resize(ref _heap, _heap.Length / 2);
        }
    }

    private void SiftUp(int index, DeadlineEntry entry)
    {
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            DeadlineEntry above = _heap[parent];
            if (above.Due <= entry.Due)
            {
                break;
            }

            _heap[index] = above;
            above.HeapIndex = index;
            index = parent;
        }

        _heap[index] = entry;
        entry.HeapIndex = index;
    }

    private void SiftDown(int index, DeadlineEntry entry)
    {
        int half = _count >> 1;
        while (index < half)
        {
            int child = (2 * index) + 1;
            DeadlineEntry below = _heap[child];
            int right = child + 1;
            if (right < _count && _heap[right].Due < below.Due)
            {
                child = right;
                below = _heap[right];
            }

            if (entry.Due <= below.Due)
            {
                break;
            }

            _heap[index] = below;
            below.HeapIndex = index;
            index = child;
        }

        _heap[index] = entry;
        entry.HeapIndex = index;
    }
}
