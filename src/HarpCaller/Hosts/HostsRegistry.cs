using System.Diagnostics.CodeAnalysis;
using HarpCaller.Hosts.Internal;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Hosts;

/// <summary>
/// The hosts registry: which hosts calls may target, with their address, port and credentials.
/// Filled by the <c>host_db_script</c>, persisted to <c>host_db</c>.
/// </summary>
/// <remarks>
/// <para>
/// Lookups read one immutable snapshot with a single volatile read and never lock: they sit on
/// the path of every job start. A successful script run builds a new snapshot and publishes it
/// with one write, so a reader sees either the old or the new registry, never a mix.
/// </para>
/// <para>
/// At most one script run exists at a time (spec: runs never overlap); a refresh requested
/// while one runs is a no-op. Runs happen at start when the stored registry is older than half
/// the refresh period, every refresh period, and on request (<c>hosts-refresh</c>).
/// </para>
/// </remarks>
public sealed partial class HostsRegistry : IAsyncDisposable
{
    private readonly ILogger<HostsRegistry> _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposeCts = new();

    /// <summary>Guards the mutable state below; never held across an await or by lookups.</summary>
    private readonly Lock _gate = new();

    /// <summary>The registry in force. Read with Volatile.Read; replaced whole, never mutated.</summary>
    private HostsSnapshot _snapshot = HostsSnapshot.Empty;

    // Guarded by _gate.
    private HostsRegistryOptions _options;
    private ITimer? _timer;
    private Task<RefreshOutcome>? _run;
    private bool _startCalled;
    private bool _started;
    private bool _disposed;

    /// <summary>Creates the registry; nothing is read or run until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Script, file and period settings.</param>
    /// <param name="logger">Receives the registry's messages (never credentials).</param>
    /// <param name="timeProvider">Clock of the refresh schedule, the script time limit and the registry's age.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public HostsRegistry(HostsRegistryOptions options, ILogger<HostsRegistry> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _logger = logger;
        _time = timeProvider;
    }

    /// <summary>Wall-clock time of the script run the registry in force came from; null = never refreshed.</summary>
    public DateTimeOffset? LastRefreshedAt => Volatile.Read(ref _snapshot).RefreshedAt;

    /// <summary>The run in progress or the last one (tests join it).</summary>
    internal Task<RefreshOutcome>? CurrentRun
    {
        get
        {
            lock (_gate)
            {
                return _run;
            }
        }
    }

    /// <summary>Looks a host up by its exact name. Lock-free.</summary>
    /// <param name="hostname">The name a call targets (case-sensitive).</param>
    /// <param name="entry">The host when known.</param>
    /// <returns>False when the registry does not know the host.</returns>
    public bool TryGet(string hostname, [MaybeNullWhen(false)] out HostEntry entry)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        return Volatile.Read(ref _snapshot).ByName.TryGetValue(hostname, out entry);
    }

    /// <summary>All known hosts ordered by name (a consistent snapshot). Lock-free.</summary>
    /// <remarks>Entries carry credentials: callers listing hosts (<c>hosts-list</c>) must not print them.</remarks>
    public IReadOnlyList<HostEntry> List() => Volatile.Read(ref _snapshot).Sorted;

    /// <summary>
    /// Loads the persisted registry, runs the script when the registry is stale and starts the
    /// periodic refresh. The script runs in the background: this returns once the file is read.
    /// </summary>
    /// <remarks>
    /// A missing <c>host_db</c> gives an empty registry; an unreadable or corrupt one gives an
    /// empty registry and an error in the log; neither stops the dispatcher. Both count as stale.
    /// </remarks>
    /// <param name="cancellationToken">Stops reading the file.</param>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string path;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_startCalled)
            {
                throw new InvalidOperationException("The hosts registry is already started.");
            }

            _startCalled = true;
            path = _options.HostDbPath;
        }

        HostsFileLoadResult loaded = await HostsFile.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        ReportLoad(path, loaded);
        // A refresh that completed while the file was being read (RefreshAsync called early) is
        // newer than the file: keep it.
        Interlocked.CompareExchange(ref _snapshot, loaded.Snapshot, HostsSnapshot.Empty);

        string? staleScript = null;
        DateTimeOffset? refreshedAt = Volatile.Read(ref _snapshot).RefreshedAt;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _started = true;
            HostsRegistryOptions options = _options;
            if (options.Script is null)
            {
                Log.NoScriptConfigured(_logger, path);
                _timer = CreateTimer(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else
            {
                TimeSpan? age = refreshedAt is { } at ? _time.GetUtcNow() - at : null;
                // A registry from the future means the clock was set back: its age is unknown,
                // so it is treated as stale rather than trusted for up to a whole period.
                bool stale = age is not { } known || known < TimeSpan.Zero || known > options.Refresh / 2;
                TimeSpan firstTick = stale ? options.Refresh : options.Refresh - age!.Value;
                _timer = CreateTimer(firstTick, options.Refresh);
                staleScript = stale ? options.Script : null;
            }
        }

        if (staleScript is not null)
        {
            Log.StaleAtStart(_logger, refreshedAt, staleScript);
            RequestRefresh();
        }
    }

    /// <summary>
    /// Stops the periodic refresh and kills a running script (with its process tree), then waits
    /// for the run to end. The registry keeps answering lookups.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        Task<RefreshOutcome>? run;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            timer = _timer;
            _timer = null;
            run = _run;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await _disposeCts.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            // Never faults: RunAsync turns every failure into an outcome.
            await run.ConfigureAwait(false);
        }

        _disposeCts.Dispose();
    }

    private void ReportLoad(string path, HostsFileLoadResult loaded)
    {
        if (loaded.Loaded)
        {
            Log.RegistryLoaded(_logger, path, loaded.Snapshot.ByName.Count, loaded.Snapshot.RefreshedAt ?? DateTimeOffset.UnixEpoch);
        }
        else if (loaded.Missing)
        {
            Log.RegistryFileMissing(_logger, path);
        }
        else if (loaded.ReadError is { } error)
        {
            Log.RegistryFileUnreadable(_logger, path, error);
        }
        else
        {
            Log.RegistryFileCorrupt(_logger, path, loaded.CorruptReason ?? "unknown");
        }
    }
}
