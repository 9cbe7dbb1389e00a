using CloudI.Runtime;
using CloudI.Transactions;

namespace CloudI.Services;

public sealed partial class ServiceDispatcher
{
    private readonly object _storedGate = new();
    private readonly Dictionary<TransId, StoredResponse> _stored = [];
    private TaskCompletionSource? _arrival;

    /// <summary>
    /// <c>recv_async</c>: the stored response to <paramref name="transId"/>, or with the null id
    /// (the default) the one whose TransId is oldest. Waits up to the timeout (null =
    /// <c>timeout_sync</c>; below INTERVAL a single check), then gives <c>{error, timeout}</c>
    /// with empty info and response and the asked TransId.
    /// </summary>
    /// <param name="timeout">Milliseconds; null = <c>timeout_sync</c>.</param>
    /// <param name="transId">The request's TransId, or <see cref="TransId.Null"/> for the oldest.</param>
    /// <param name="consume">False leaves the response stored.</param>
    public async ValueTask<RecvAsyncResult> RecvAsync(uint? timeout = null, TransId transId = default, bool consume = true)
    {
        uint t = timeout ?? Settings.TimeoutSync;
        long deadline = Clock.AfterMs(Clock.Now, t);
        while (true)
        {
            Task arrival;
            lock (_storedGate)
            {
                if (TryTake(transId, consume, out RecvAsyncResult found))
                {
                    return found;
                }

                if (t < Interval || Clock.RemainingMs(deadline) == 0 || _dead)
                {
                    return new RecvAsyncResult("timeout", default, default, transId);
                }

                arrival = (_arrival ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await WaitForArrival(arrival, deadline).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>recv_asyncs</c>: waits until every TransId has a response or the timeout passes (below
    /// INTERVAL a single check); ids without one come back with empty info and response.
    /// <c>{error, timeout}</c> if none arrived.
    /// </summary>
    public async ValueTask<CloudIResult<IReadOnlyList<RecvAsyncResult>>> RecvAsyncs(uint? timeout,
        IReadOnlyList<TransId> transIds, bool consume = true)
    {
        ArgumentNullException.ThrowIfNull(transIds);
        uint t = timeout ?? Settings.TimeoutSync;
        long deadline = Clock.AfterMs(Clock.Now, t);
        while (true)
        {
            Task arrival;
            lock (_storedGate)
            {
                int present = 0;
                foreach (TransId id in transIds)
                {
                    if (IsStored(id))
                    {
                        present++;
                    }
                }

                bool over = t < Interval || Clock.RemainingMs(deadline) == 0 || _dead;
                if (present == transIds.Count || over)
                {
                    if (present == 0)
                    {
                        return CloudIResult<IReadOnlyList<RecvAsyncResult>>.Fail("timeout");
                    }

                    var results = new RecvAsyncResult[transIds.Count];
                    for (int k = 0; k < results.Length; k++)
                    {
                        results[k] = TryTake(transIds[k], consume, out RecvAsyncResult r)
                            ? r
                            : new RecvAsyncResult(null, default, default, transIds[k]);
                    }

                    return CloudIResult<IReadOnlyList<RecvAsyncResult>>.Ok(results);
                }

                arrival = (_arrival ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await WaitForArrival(arrival, deadline).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A response from a destination (or a null response from a rejecting one) for a request
    /// this dispatcher sent. Late and unknown responses are dropped.
    /// </summary>
    internal void DeliverResponse(TransId transId, string name, string pattern, ReadOnlyMemory<byte> responseInfo,
        ReadOnlyMemory<byte> response, uint timeout)
    {
        if (!_pending.TryRemove(transId, out PendingRequest? pending) || !pending.TryFinish())
        {
            return;
        }

        bool isNull = responseInfo.IsEmpty && response.IsEmpty;

        // Past the deadline the sender has timed out, whether or not its timer has run yet (a
        // busy thread pool delays timer callbacks, never the outcome).
        bool late = Clock.Now >= pending.Deadline;
        switch (pending.Kind)
        {
            case PendingKind.Sync:
                pending.SetResult(isNull || late
                    ? SendSyncResult.Timeout(transId)
                    : new SendSyncResult(null, responseInfo, response, transId));
                break;

            case PendingKind.Passive:
                uint lifetime = ResponseLifetime(pending, timeout);
                if (!isNull && lifetime > 0 && !late)
                {
                    Store(transId, responseInfo, response, lifetime);
                }

                break;

            case PendingKind.Active:
                Mailbox?.PostInfo(isNull || late
                    ? new TimeoutAsyncActive(transId)
                    : new ReturnAsyncActive(name, pattern, responseInfo, response, ResponseLifetime(pending, timeout), transId));
                break;
        }
    }

    /// <summary>The sender's timer ran out, or the monitored destination died (§5.5).</summary>
    internal void ExpirePending(PendingRequest pending)
    {
        if (!_pending.TryRemove(pending.TransId, out _) || !pending.TryFinish())
        {
            return;
        }

        if (pending.Kind == PendingKind.Sync)
        {
            pending.SetResult(SendSyncResult.Timeout(pending.TransId));
        }
        else if (pending.Kind == PendingKind.Active)
        {
            Mailbox?.PostInfo(new TimeoutAsyncActive(pending.TransId));
        }
    }

    /// <summary>Forgets passive requests past their deadline and responses past their lifetime.</summary>
    internal void SweepExpired()
    {
        long now = Clock.Now;
        foreach (KeyValuePair<TransId, PendingRequest> entry in _pending)
        {
            if (entry.Value.Kind == PendingKind.Passive && entry.Value.Deadline <= now
                && _pending.TryRemove(entry.Key, out PendingRequest? pending))
            {
                pending.TryFinish();
            }
        }

        lock (_storedGate)
        {
            List<TransId>? expired = null;
            foreach (KeyValuePair<TransId, StoredResponse> entry in _stored)
            {
                if (entry.Value.Expiry <= now)
                {
                    (expired ??= []).Add(entry.Key);
                }
            }

            expired?.ForEach(id => _stored.Remove(id));
        }
    }

    /// <summary>The number of requests still waiting for an outcome (diagnostics and tests).</summary>
    internal int PendingCount => _pending.Count;

    private static async Task WaitForArrival(Task arrival, long deadline)
    {
        uint left = Clock.RemainingMs(deadline);
        if (left > 0)
        {
            await Task.WhenAny(arrival, Task.Delay(TimeSpan.FromMilliseconds(left))).ConfigureAwait(false);
        }
    }

    /// <summary>§5.4: the sender's remaining time when adjusting or for long timeouts, else the response's.</summary>
    private uint ResponseLifetime(PendingRequest pending, uint responseTimeout) =>
        Settings.Options.ResponseTimeoutAdjustment || responseTimeout > Settings.Options.RequestTimeoutImmediateMax
            ? Clock.RemainingMs(pending.Deadline)
            : responseTimeout;

    private void Store(TransId transId, ReadOnlyMemory<byte> responseInfo, ReadOnlyMemory<byte> response, uint lifetime)
    {
        TaskCompletionSource? arrival;
        lock (_storedGate)
        {
            _stored[transId] = new StoredResponse(responseInfo, response, Clock.AfterMs(Clock.Now, lifetime));
            arrival = _arrival;
            _arrival = null;
        }

        arrival?.TrySetResult();
    }

    private bool IsStored(TransId transId) =>
        _stored.TryGetValue(transId, out StoredResponse? stored) && stored.Expiry > Clock.Now;

    /// <summary>Under <see cref="_storedGate"/>: the response for the id, or the oldest one for the null id.</summary>
    private bool TryTake(TransId transId, bool consume, out RecvAsyncResult result)
    {
        long now = Clock.Now;
        TransId key = transId;
        if (transId.IsNull)
        {
            bool any = false;
            foreach (KeyValuePair<TransId, StoredResponse> entry in _stored)
            {
                if (entry.Value.Expiry > now && (!any || entry.Key.Timestamp < key.Timestamp))
                {
                    key = entry.Key;
                    any = true;
                }
            }

            if (!any)
            {
                result = default;
                return false;
            }
        }

        if (!_stored.TryGetValue(key, out StoredResponse? stored) || stored.Expiry <= now)
        {
            result = default;
            return false;
        }

        if (consume)
        {
            _stored.Remove(key);
        }

        result = new RecvAsyncResult(null, stored.ResponseInfo, stored.Response, key);
        return true;
    }

    private void ClearStored()
    {
        TaskCompletionSource? arrival;
        lock (_storedGate)
        {
            _stored.Clear();
            arrival = _arrival;
            _arrival = null;
        }

        arrival?.TrySetResult();
    }

    private sealed record StoredResponse(ReadOnlyMemory<byte> ResponseInfo, ReadOnlyMemory<byte> Response, long Expiry);
}
