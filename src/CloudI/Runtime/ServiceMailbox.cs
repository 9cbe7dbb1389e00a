using CloudI.Configuration;
using CloudI.Queues;
using CloudI.Services;

namespace CloudI.Runtime;

/// <summary>
/// The incoming side of one subscriber (§7): one request or info message at a time, requests
/// arriving while busy (or before initialisation finished) queued by priority under
/// <c>queue_limit</c>, <c>queue_size</c> and <c>rate_request_max</c>. Subclasses say how an item
/// is handled (a C# service here; a socket for an external thread).
/// </summary>
internal abstract class ServiceMailbox
{
    private const int MaxInlineDepth = 3;

    [ThreadStatic]
    private static int t_inlineDepth;

    private readonly object _gate = new();
    private readonly PriorityRequestQueue<ServiceRequest> _requests;
    private readonly Queue<InfoMessage> _infos = new();
    private readonly RequestRateLimiter? _rate;
    private readonly bool _measureSize;
    private bool _busy;
    private bool _ready;
    private volatile bool _dead;
    private long _handlerDeadline = long.MaxValue;
    private long _requestsSeen;

    protected ServiceMailbox(ServiceOptions options)
    {
        Options = options;
        _requests = new PriorityRequestQueue<ServiceRequest>(options.QueueLimit, options.QueueSizeBytes);
        _measureSize = options.QueueSizeBytes is not null;
        if (options.RateRequestMax is { } rate)
        {
            _rate = new RequestRateLimiter(rate.PeriodSeconds, rate.Value);
        }
    }

    /// <summary>The request whose handler runs now, if any.</summary>
    public ServiceRequest? Current { get; private set; }

    public bool IsDead => _dead;

    /// <summary>Nothing running and nothing queued.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return !_busy && _requests.Count == 0 && _infos.Count == 0;
            }
        }
    }

    /// <summary>Requests admitted so far (for <c>count_process_dynamic</c>).</summary>
    public long RequestsSeen => Interlocked.Read(ref _requestsSeen);

    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    protected ServiceOptions Options { get; }

    /// <summary>
    /// Accepts a request: handles it now if idle (on this thread when <paramref name="inline"/>
    /// and the stack is shallow, so a send_sync to an idle service costs no thread switch),
    /// queues it if busy, or rejects it (§7.4).
    /// </summary>
    public void Deliver(ServiceRequest request, bool inline)
    {
        bool start = false;
        bool reject = false;
        lock (_gate)
        {
            if (_dead)
            {
                return;
            }

            if (_rate is not null && !_rate.TryAdmit(Clock.Now))
            {
                reject = true;
            }
            else if (!_busy && _ready)
            {
                _busy = true;
                start = true;
            }
            else
            {
                long size = _measureSize ? RequestSize.Of(request) : 0;
                if (_requests.TryEnqueue(request, request.Priority, size, out _) == EnqueueResult.Queued)
                {
                    request.QueuedAt = Clock.Now;
                }
                else
                {
                    reject = true;
                }
            }
        }

        if (reject)
        {
            Reject(request);
            return;
        }

        Interlocked.Increment(ref _requestsSeen);
        if (start)
        {
            Start(request, inline);
        }
    }

    /// <summary>Queues an info message; false when the process is dead.</summary>
    public bool PostInfo(object message)
    {
        bool start = false;
        lock (_gate)
        {
            if (_dead)
            {
                return false;
            }

            if (!_busy && _ready)
            {
                _busy = true;
                start = true;
            }
            else
            {
                _infos.Enqueue(new InfoMessage(message));
            }
        }

        if (start)
        {
            Start(new InfoMessage(message), inline: false);
        }

        return true;
    }

    /// <summary>Initialisation finished: start on whatever queued up meanwhile.</summary>
    public void SetReady()
    {
        object? first = null;
        lock (_gate)
        {
            if (_dead || _ready)
            {
                return;
            }

            _ready = true;
            if (!_busy)
            {
                first = TakeNextLocked();
                _busy = first is not null;
            }
        }

        if (first is not null)
        {
            Start(first, inline: false);
        }
    }

    /// <summary>Stops taking work; queued requests are dropped (their senders time out or are told by the monitor).</summary>
    /// <returns>False when it was already dead (only the first call does anything).</returns>
    public bool Kill()
    {
        lock (_gate)
        {
            if (_dead)
            {
                return false;
            }

            _dead = true;
            while (_requests.TryDequeue(out _))
            {
            }

            _infos.Clear();
        }

        // Outside the lock: killing ends waits, and their continuations run on this thread.
        OnKilled();
        return true;
    }

    /// <summary>The watchdog's check: a handler past its request's timeout fails the process.</summary>
    public void CheckDeadline(long now)
    {
        if (HandlerDeadlineIsFatal && !_dead && now > Interlocked.Read(ref _handlerDeadline))
        {
            Fail(null, "timeout");
        }
    }

    /// <summary>
    /// Whether a handler running past its request's timeout fails the process (C# services: yes;
    /// external threads: no, as CloudI's default <c>fatal_timeout</c> false).
    /// </summary>
    protected virtual bool HandlerDeadlineIsFatal => true;

    /// <summary>
    /// Whether starting a request costs the calling thread next to nothing because the work
    /// happens elsewhere (an external thread writes one frame without waiting; the library does
    /// the rest). Then a sender's thread that delivered inline may also start the next queued
    /// item instead of moving it to the pool, which would cost a hop and a worker wake-up.
    /// </summary>
    protected virtual bool HandOverIsCheap => false;

    /// <summary>Handles one request (and applies its result).</summary>
    protected abstract ValueTask HandleRequestAsync(ServiceRequest request);

    /// <summary>Handles one info message.</summary>
    protected abstract ValueTask HandleInfoAsync(object message);

    /// <summary>The process failed (handler threw, overran, chaos): the owner restarts it.</summary>
    protected abstract void OnFailure(Exception? exception, string reason);

    /// <summary>Called once the mailbox is dead.</summary>
    protected virtual void OnKilled()
    {
    }

    /// <summary>Fails the process once; later calls do nothing.</summary>
    protected void Fail(Exception? exception, string reason)
    {
        lock (_gate)
        {
            if (_dead)
            {
                return;
            }
        }

        OnFailure(exception, reason);
    }

    /// <summary>§7.4: a null response if the timeout is long, else silence (the sender times out).</summary>
    private void Reject(ServiceRequest request)
    {
        if (request.Timeout > Options.ResponseTimeoutImmediateMax)
        {
            request.Source.DeliverResponse(request.TransId, request.Name, request.Pattern, default, default,
                request.Timeout);
        }
    }

    private void Start(object item, bool inline)
    {
        if (inline && t_inlineDepth < MaxInlineDepth)
        {
            t_inlineDepth++;
            try
            {
                _ = RunAsync(item, inlineFirst: true);
            }
            finally
            {
                t_inlineDepth--;
            }
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Mailbox.RunAsync(s.Item, inlineFirst: false),
                (Mailbox: this, Item: item), preferLocal: false);
        }
    }

    private async Task RunAsync(object item, bool inlineFirst)
    {
        while (true)
        {
            try
            {
                ValueTask handled = item is ServiceRequest request
                    ? RunRequestAsync(request)
                    : HandleInfoAsync(((InfoMessage)item).Message);
                if (!handled.IsCompleted)
                {
                    // The handler waits: what follows runs where its wait ends (an external
                    // thread's socket reader, say), no longer on the sender's thread, so it need
                    // not move to the pool (a hop and a worker wake-up per busy period).
                    inlineFirst = false;
                }

                await handled.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Current = null;
                Fail(exception, "exception");
                return;
            }

            object? next;
            lock (_gate)
            {
                if (_dead)
                {
                    return;
                }

                next = TakeNextLocked();
                _busy = next is not null;
            }

            if (next is null)
            {
                return;
            }

            if (inlineFirst && !HandOverIsCheap)
            {
                // The sender's thread did the first item; the rest is this process's own work.
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Mailbox.RunAsync(s.Item, inlineFirst: false),
                    (Mailbox: this, Item: next), preferLocal: true);
                return;
            }

            item = next;
        }
    }

    private async ValueTask RunRequestAsync(ServiceRequest request)
    {
        if (request.Timeout == 0)
        {
            Reject(request);
            return;
        }

        long started = Clock.Now;
        request.StartedAt = started;
        request.DeliveredTimeout = request.Timeout;
        Current = request;
        Interlocked.Exchange(ref _handlerDeadline, Clock.AfterMs(started, request.Timeout));
        try
        {
            await HandleRequestAsync(request).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _handlerDeadline, long.MaxValue);
            Current = null;
        }
    }

    /// <summary>Under the lock: the next info message, else the next live request (its timeout reduced by the wait).</summary>
    private object? TakeNextLocked()
    {
        if (_infos.Count > 0)
        {
            return _infos.Dequeue();
        }

        while (_requests.TryDequeue(out QueuedRequest<ServiceRequest>? queued))
        {
            ServiceRequest request = queued!.Request;
            uint waited = Clock.ElapsedMs(request.QueuedAt);
            if (waited < request.Timeout)
            {
                request.Timeout -= waited;
                return request;
            }

            // Its queue timer ran out: dropped silently, the sender's own timer answers (§5.2).
        }

        return null;
    }

    /// <summary>Wraps an info message so that one which happens to be a request is not taken for one.</summary>
    private sealed record InfoMessage(object Message);
}
