using System.Collections.Concurrent;
using CloudI.Runtime;
using CloudI.Subscriptions;
using CloudI.Transactions;

namespace CloudI.Services;

/// <summary>
/// The CloudI API of one service process (CloudI's <c>Dispatcher</c>): subscriptions, sends,
/// receives, return and forward. It is also the process's identity as a subscriber and as the
/// <c>Source</c> of the requests it sends. Safe to call from any thread.
/// </summary>
public sealed partial class ServiceDispatcher
{
    /// <summary>The <c>immediate</c> timeout: one lookup attempt, no retry (INTERVAL − 1).</summary>
    public const uint Immediate = 499;

    /// <summary>The lookup and <c>recv_async</c> retry period (INTERVAL).</summary>
    internal const uint Interval = 500;

    /// <summary>The minimum timeout of an immediate lookup and the per-hop forward penalty.</summary>
    internal const uint TimeoutDelta = 100;

    private readonly CloudIRuntime _runtime;
    private readonly TransIdGenerator _transIds;
    private readonly ConcurrentDictionary<TransId, PendingRequest> _pending = new();
    private readonly object _monitorGate = new();
    private HashSet<PendingRequest>? _monitors;
    private SubscriptionSnapshot<ServiceDispatcher> _lazySnapshot;
    private Timer? _lazyRefresh;
    private volatile bool _dead;
    private int _lazyRefreshSequence;

    internal ServiceDispatcher(CloudIRuntime runtime, DispatcherSettings settings, Guid serviceId, int processIndex,
        int processCount, ServiceMailbox? mailbox = null)
    {
        _runtime = runtime;
        Settings = settings;
        ServiceId = serviceId;
        ProcessIndex = processIndex;
        ProcessCount = processCount;
        Table = runtime.Scopes[settings.Options.Scope];
        _transIds = new TransIdGenerator(TimeProvider.System, runtime.NodeId, TransIdGenerator.NextSubscriberId());
        _lazySnapshot = runtime.EmptySnapshot;
        Mailbox = mailbox;
        if (settings.DestRefresh.Mode == Configuration.DestRefreshMode.Lazy)
        {
            _lazyRefresh = new Timer(static s => ((ServiceDispatcher)s!).RefreshLazy(), this,
                settings.Options.DestRefreshStart, settings.Options.DestRefreshDelay);
        }
    }

    /// <summary>The service instance this process belongs to (empty for a context).</summary>
    public Guid ServiceId { get; }

    /// <summary>The service's configured prefix, prepended to subscribed patterns.</summary>
    public string Prefix => Settings.Prefix;

    /// <summary>This process's index within its service, 0-based.</summary>
    public int ProcessIndex { get; }

    /// <summary>The number of processes of the service.</summary>
    public int ProcessCount { get; internal set; }

    /// <summary>The default timeout of <c>send_async</c> and <c>mcast_async</c>.</summary>
    public uint TimeoutAsync => Settings.TimeoutAsync;

    /// <summary>The default timeout of <c>send_sync</c> and <c>recv_async</c>.</summary>
    public uint TimeoutSync => Settings.TimeoutSync;

    /// <summary>The default priority of sends (<c>priority_default</c>).</summary>
    public sbyte PriorityDefault => Settings.PriorityDefault;

    /// <summary>False once the process terminated (crash, restart, removal).</summary>
    public bool IsAlive => !_dead;

    internal DispatcherSettings Settings { get; }

    internal SubscriptionTable<ServiceDispatcher> Table { get; }

    internal ServiceMailbox? Mailbox { get; set; }

    internal CloudIRuntime Runtime => _runtime;

    /// <summary>
    /// <c>subscribe</c>: adds one entry for <c>prefix ++ pattern</c>. In-process subscriptions
    /// never wait, so this is synchronous.
    /// </summary>
    /// <exception cref="Names.InvalidServiceNameException">The full pattern is invalid.</exception>
    /// <exception cref="InvalidOperationException">A context (it handles no requests) or a dead process.</exception>
    public void Subscribe(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ThrowIfDead();
        if (Mailbox is null)
        {
            throw new InvalidOperationException("a context handles no requests, so it cannot subscribe");
        }

        Table.Subscribe(Names.ServiceNames.Concat(Prefix, pattern, Settings.Flavor), this);
    }

    /// <summary><c>subscribe_count</c>: this process's entries for exactly <c>prefix ++ pattern</c>.</summary>
    public int SubscribeCount(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Table.SubscribeCount(Prefix + pattern, this);
    }

    /// <summary><c>unsubscribe</c>: removes one entry for <c>prefix ++ pattern</c>.</summary>
    /// <exception cref="InvalidOperationException">This process holds no such subscription.</exception>
    public void Unsubscribe(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!Table.Unsubscribe(Prefix + pattern, this))
        {
            throw new InvalidOperationException($"not subscribed to \"{Prefix + pattern}\"");
        }
    }

    /// <summary>Posts <paramref name="message"/> to this process's info handler (an Erlang message send).</summary>
    /// <returns>False when the process is dead or has no info handler (a context).</returns>
    public bool SendInfo(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Mailbox is { } mailbox && !_dead && mailbox.PostInfo(message);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"dispatcher {_transIds.Node & 0xFFFFFFFF:x8} of {(ServiceId == Guid.Empty ? "context" : ServiceId.ToString())}";

    internal TransId NextTransId() => _transIds.Next();

    /// <summary>Makes this process disappear: subscriptions, monitors, pending waits.</summary>
    internal void Kill()
    {
        if (_dead)
        {
            return;
        }

        _dead = true;
        _lazyRefresh?.Dispose();
        Table.RemoveSubscriber(this);
        HashSet<PendingRequest>? monitors;
        lock (_monitorGate)
        {
            monitors = _monitors;
            _monitors = null;
        }

        // Requests with long timeouts fail at once when their destination dies (§5.5).
        if (monitors is not null)
        {
            foreach (PendingRequest pending in monitors)
            {
                pending.Monitored = null;
                pending.Owner.ExpirePending(pending);
            }
        }

        foreach (PendingRequest pending in _pending.Values)
        {
            if (_pending.TryRemove(pending.TransId, out _) && pending.TryFinish() && pending.Kind == PendingKind.Sync)
            {
                pending.SetResult(SendSyncResult.Timeout(pending.TransId));
            }
        }

        ClearStored();
    }

    internal void Monitor(PendingRequest pending)
    {
        lock (_monitorGate)
        {
            if (!_dead)
            {
                (_monitors ??= []).Add(pending);
                return;
            }
        }

        // Watching a process that is already gone fires at once, as an Erlang monitor does.
        pending.Monitored = null;
        pending.Owner.ExpirePending(pending);
    }

    internal void Unmonitor(PendingRequest pending)
    {
        lock (_monitorGate)
        {
            _monitors?.Remove(pending);
        }
    }

    /// <summary>
    /// A sequence number around each lazy refresh: odd while one runs, +2 per refresh. Equal and
    /// even on both sides of a lookup means the lookup saw no refresh (tests rely on it).
    /// </summary>
    internal int LazyRefreshSequence => Volatile.Read(ref _lazyRefreshSequence);

    private void RefreshLazy()
    {
        Interlocked.Increment(ref _lazyRefreshSequence);
        Volatile.Write(ref _lazySnapshot, Table.Snapshot);
        Interlocked.Increment(ref _lazyRefreshSequence);
    }

    private void ThrowIfDead()
    {
        if (_dead)
        {
            throw new InvalidOperationException("the service process has terminated");
        }
    }
}
