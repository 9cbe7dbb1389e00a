using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Subscriptions;
using CloudI.Transactions;

namespace CloudI.Services;

public sealed partial class ServiceDispatcher
{
    /// <summary>
    /// <c>send_sync</c>: sends and waits for the response. A null response delivered, a failed
    /// lookup, a denied ACL and the timer all give <c>{error, timeout}</c>.
    /// </summary>
    /// <param name="name">The full service name (the prefix is not applied).</param>
    /// <param name="requestInfo">Request metadata.</param>
    /// <param name="request">The request body.</param>
    /// <param name="timeout">Milliseconds; null = <c>timeout_sync</c>; <see cref="Immediate"/> = one lookup attempt.</param>
    /// <param name="priority">Null = <c>priority_default</c>.</param>
    /// <param name="destination">A destination from <see cref="GetPid"/>, skipping the lookup.</param>
    public ValueTask<SendSyncResult> SendSync(string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint? timeout = null, sbyte? priority = null,
        ServiceDestination? destination = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint t = timeout ?? Settings.TimeoutSync;
        sbyte p = priority ?? Settings.PriorityDefault;
        if (!MaySend(name))
        {
            return new(SendSyncResult.Timeout(default));
        }

        if (destination is not null)
        {
            return SendSyncTo(destination.Dispatcher, name, destination.Pattern, requestInfo, request, t, p);
        }

        Subscription<ServiceDispatcher>? found = LookupOnce(name, t, this, out bool retry);
        if (found is not null)
        {
            return SendSyncTo(found.Subscriber, name, found.Pattern, requestInfo, request, t, p);
        }

        return retry
            ? SendSyncAfterRetries(name, requestInfo, request, t, p)
            : new(SendSyncResult.Timeout(default));
    }

    /// <summary><c>send_sync</c> with UTF-8 text and empty request info.</summary>
    public ValueTask<SendSyncResult> SendSync(string name, string request, uint? timeout = null, sbyte? priority = null) =>
        SendSync(name, default, System.Text.Encoding.UTF8.GetBytes(request), timeout, priority);

    /// <summary>
    /// <c>send_async</c>: sends and returns the TransId once the request is on its way (the
    /// lookup may wait, §3.1); the response is kept for <see cref="RecvAsync"/>.
    /// </summary>
    public ValueTask<CloudIResult<TransId>> SendAsync(string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint? timeout = null, sbyte? priority = null,
        ServiceDestination? destination = null) =>
        SendAsyncCore(PendingKind.Passive, name, requestInfo, request, timeout, priority, destination);

    /// <summary><c>send_async</c> with UTF-8 text and empty request info.</summary>
    public ValueTask<CloudIResult<TransId>> SendAsync(string name, string request, uint? timeout = null,
        sbyte? priority = null) =>
        SendAsync(name, default, System.Text.Encoding.UTF8.GetBytes(request), timeout, priority);

    /// <summary>
    /// <c>send_async_active</c>: as <see cref="SendAsync(string, ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, uint?, sbyte?, ServiceDestination?)"/>,
    /// but the outcome arrives at the info handler as <see cref="ReturnAsyncActive"/> or
    /// <see cref="TimeoutAsyncActive"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on a context, which has no info handler.</exception>
    public ValueTask<CloudIResult<TransId>> SendAsyncActive(string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint? timeout = null, sbyte? priority = null,
        ServiceDestination? destination = null)
    {
        RequireInfoHandler();
        return SendAsyncCore(PendingKind.Active, name, requestInfo, request, timeout, priority, destination);
    }

    /// <summary>
    /// <c>mcast_async</c>: one request (and TransId) per candidate entry, sender excluded, newest
    /// subscription first. An empty list is the failure (no destination within the timeout).
    /// </summary>
    public ValueTask<CloudIResult<IReadOnlyList<TransId>>> McastAsync(string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint? timeout = null, sbyte? priority = null) =>
        McastCore(PendingKind.Passive, name, requestInfo, request, timeout, priority);

    /// <summary><c>mcast_async_active</c>: the outcomes arrive at the info handler, one per TransId.</summary>
    /// <exception cref="InvalidOperationException">Called on a context, which has no info handler.</exception>
    public ValueTask<CloudIResult<IReadOnlyList<TransId>>> McastAsyncActive(string name,
        ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint? timeout = null, sbyte? priority = null)
    {
        RequireInfoHandler();
        return McastCore(PendingKind.Active, name, requestInfo, request, timeout, priority);
    }

    /// <summary>
    /// <c>get_pid</c>: the destination a send would pick now (§3, with the lookup retry), without
    /// sending; <c>{error, timeout}</c> when none appears in time.
    /// </summary>
    public async ValueTask<CloudIResult<ServiceDestination>> GetPid(string name, uint? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint t = timeout ?? Settings.TimeoutSync;
        if (!MaySend(name))
        {
            return CloudIResult<ServiceDestination>.Fail("timeout");
        }

        while (true)
        {
            Subscription<ServiceDispatcher>? found = LookupOnce(name, t, this, out bool retry);
            if (found is not null)
            {
                return CloudIResult<ServiceDestination>.Ok(new ServiceDestination(found.Pattern, found.Subscriber));
            }

            if (!retry)
            {
                return CloudIResult<ServiceDestination>.Fail("timeout");
            }

            await Task.Delay((int)Interval).ConfigureAwait(false);
            t -= Interval;
        }
    }

    /// <summary><c>get_pids</c>: every candidate a multicast would use now (sender excluded).</summary>
    public async ValueTask<CloudIResult<IReadOnlyList<ServiceDestination>>> GetPids(string name, uint? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint t = timeout ?? Settings.TimeoutSync;
        if (!MaySend(name))
        {
            return CloudIResult<IReadOnlyList<ServiceDestination>>.Fail("timeout");
        }

        while (true)
        {
            IReadOnlyList<Subscription<ServiceDispatcher>> all = MulticastOnce(name, t, out bool retry);
            if (all.Count > 0)
            {
                return CloudIResult<IReadOnlyList<ServiceDestination>>.Ok(
                    [.. all.Select(s => new ServiceDestination(s.Pattern, s.Subscriber))]);
            }

            if (!retry)
            {
                return CloudIResult<IReadOnlyList<ServiceDestination>>.Fail("timeout");
            }

            await Task.Delay((int)Interval).ConfigureAwait(false);
            t -= Interval;
        }
    }

    /// <summary>A send is possible at all: alive, not <c>dest_refresh none</c>, allowed by the ACLs.</summary>
    internal bool MaySend(string name) => !_dead && Settings.CanSend && Settings.Allows(name);

    /// <summary>
    /// One lookup attempt (§3). <paramref name="retry"/> says whether a sync-lookup retry may
    /// follow (remaining timeout ≥ INTERVAL); an immediate lookup below TIMEOUT_DELTA is not tried.
    /// </summary>
    internal Subscription<ServiceDispatcher>? LookupOnce(string name, uint timeout, ServiceDispatcher exclude,
        out bool retry)
    {
        retry = false;
        bool lazy = Settings.DestRefresh.Mode == DestRefreshMode.Lazy;
        if (!lazy && timeout < TimeoutDelta)
        {
            return null;
        }

        SubscriptionSnapshot<ServiceDispatcher> snapshot = lazy ? Volatile.Read(ref _lazySnapshot) : Table.Snapshot;
        Subscription<ServiceDispatcher>? found = snapshot.Select(name, exclude, Settings.Rule);
        retry = found is null && Settings.Options.RequestNameLookup == RequestNameLookup.Sync && timeout >= Interval;
        return found;
    }

    private IReadOnlyList<Subscription<ServiceDispatcher>> MulticastOnce(string name, uint timeout, out bool retry)
    {
        retry = false;
        bool lazy = Settings.DestRefresh.Mode == DestRefreshMode.Lazy;
        if (!lazy && timeout < TimeoutDelta)
        {
            return [];
        }

        SubscriptionSnapshot<ServiceDispatcher> snapshot = lazy ? Volatile.Read(ref _lazySnapshot) : Table.Snapshot;
        IReadOnlyList<Subscription<ServiceDispatcher>> all = snapshot.Multicast(name, this, Settings.Rule);
        retry = all.Count == 0 && Settings.Options.RequestNameLookup == RequestNameLookup.Sync && timeout >= Interval;
        return all;
    }

    private async ValueTask<SendSyncResult> SendSyncAfterRetries(string name, ReadOnlyMemory<byte> requestInfo,
        ReadOnlyMemory<byte> request, uint timeout, sbyte priority)
    {
        while (true)
        {
            await Task.Delay((int)Interval).ConfigureAwait(false);
            timeout -= Interval;
            Subscription<ServiceDispatcher>? found = LookupOnce(name, timeout, this, out bool retry);
            if (found is not null)
            {
                return await SendSyncTo(found.Subscriber, name, found.Pattern, requestInfo, request, timeout, priority)
                    .ConfigureAwait(false);
            }

            if (!retry)
            {
                return SendSyncResult.Timeout(default);
            }
        }
    }

    private ValueTask<SendSyncResult> SendSyncTo(ServiceDispatcher destination, string name, string pattern,
        ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint timeout, sbyte priority)
    {
        PendingRequest pending = Register(PendingKind.Sync, destination, name, timeout);
        var message = new ServiceRequest(RequestType.SendSync, name, pattern, requestInfo, request, timeout, priority,
            pending.TransId, this);
        destination.Mailbox?.Deliver(message, inline: true);
        return pending.AsValueTask();
    }

    private ValueTask<CloudIResult<TransId>> SendAsyncCore(PendingKind kind, string name,
        ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint? timeout, sbyte? priority,
        ServiceDestination? destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint t = timeout ?? Settings.TimeoutAsync;
        sbyte p = priority ?? Settings.PriorityDefault;
        if (!MaySend(name))
        {
            return new(CloudIResult<TransId>.Fail("timeout"));
        }

        if (destination is not null)
        {
            return new(CloudIResult<TransId>.Ok(
                SendAsyncTo(kind, destination.Dispatcher, name, destination.Pattern, requestInfo, request, t, p)));
        }

        Subscription<ServiceDispatcher>? found = LookupOnce(name, t, this, out bool retry);
        if (found is not null)
        {
            return new(CloudIResult<TransId>.Ok(
                SendAsyncTo(kind, found.Subscriber, name, found.Pattern, requestInfo, request, t, p)));
        }

        return retry
            ? SendAsyncAfterRetries(kind, name, requestInfo, request, t, p)
            : new(CloudIResult<TransId>.Fail("timeout"));
    }

    private async ValueTask<CloudIResult<TransId>> SendAsyncAfterRetries(PendingKind kind, string name,
        ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint timeout, sbyte priority)
    {
        while (true)
        {
            await Task.Delay((int)Interval).ConfigureAwait(false);
            timeout -= Interval;
            Subscription<ServiceDispatcher>? found = LookupOnce(name, timeout, this, out bool retry);
            if (found is not null)
            {
                return CloudIResult<TransId>.Ok(
                    SendAsyncTo(kind, found.Subscriber, name, found.Pattern, requestInfo, request, timeout, priority));
            }

            if (!retry)
            {
                return CloudIResult<TransId>.Fail("timeout");
            }
        }
    }

    private async ValueTask<CloudIResult<IReadOnlyList<TransId>>> McastCore(PendingKind kind, string name,
        ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint? timeout, sbyte? priority)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint t = timeout ?? Settings.TimeoutAsync;
        sbyte p = priority ?? Settings.PriorityDefault;
        if (!MaySend(name))
        {
            return CloudIResult<IReadOnlyList<TransId>>.Ok([]);
        }

        while (true)
        {
            IReadOnlyList<Subscription<ServiceDispatcher>> all = MulticastOnce(name, t, out bool retry);
            if (all.Count > 0)
            {
                var ids = new TransId[all.Count];
                for (int k = 0; k < ids.Length; k++)
                {
                    ids[k] = SendAsyncTo(kind, all[k].Subscriber, name, all[k].Pattern, requestInfo, request, t, p);
                }

                return CloudIResult<IReadOnlyList<TransId>>.Ok(ids);
            }

            if (!retry)
            {
                return CloudIResult<IReadOnlyList<TransId>>.Ok([]);
            }

            await Task.Delay((int)Interval).ConfigureAwait(false);
            t -= Interval;
        }
    }

    private TransId SendAsyncTo(PendingKind kind, ServiceDispatcher destination, string name, string pattern,
        ReadOnlyMemory<byte> requestInfo, ReadOnlyMemory<byte> request, uint timeout, sbyte priority)
    {
        PendingRequest pending = Register(kind, destination, name, timeout);
        var message = new ServiceRequest(RequestType.SendAsync, name, pattern, requestInfo, request, timeout, priority,
            pending.TransId, this);
        destination.Mailbox?.Deliver(message, inline: _runtime.InlineAsyncDelivery);
        return pending.TransId;
    }

    private PendingRequest Register(PendingKind kind, ServiceDispatcher destination, string name, uint timeout)
    {
        TransId transId = NextTransId();
        var pending = new PendingRequest(this, kind, transId, name, timeout, Clock.AfterMs(Clock.Now, timeout));
        _pending[transId] = pending;
        if (timeout > Settings.Options.RequestTimeoutImmediateMax)
        {
            pending.Monitored = destination;
            destination.Monitor(pending);
        }

        // A passive request needs no timer: a late response finds it expired and the sweep
        // forgets it; sync waiters and active senders must hear about the expiry.
        if (kind != PendingKind.Passive)
        {
            pending.StartTimer();
        }

        return pending;
    }

    private void RequireInfoHandler()
    {
        if (Mailbox is null)
        {
            throw new InvalidOperationException("a context has no info handler for *_async_active results");
        }
    }
}
