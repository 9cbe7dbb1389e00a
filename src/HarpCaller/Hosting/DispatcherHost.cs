using System.Net;
using HarpCaller.Configuration;
using HarpCaller.Daemon;
using HarpCaller.Dispatching;
using HarpCaller.Hosts;
using HarpCaller.Server;
using HarpCaller.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Hosting;

/// <summary>
/// A running dispatcher: job store, hosts registry, engine and client listeners, wired from
/// one <see cref="HarpCallerOptions"/>. Usable on its own (tests, embedding) and by the
/// <c>harpcallerd</c> executable.
/// </summary>
public sealed partial class DispatcherHost : IAsyncDisposable
{
    // Retention sweeps: often enough that max_age (hours) is honoured within the hour.
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(15);

    private readonly SqliteJobStore _store;
    private readonly HostsRegistry _hosts;
    private readonly Dispatcher _dispatcher;
    private readonly ClientListener _listener;
    private readonly ClientConnectionContext _clients;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ITimer _pruneTimer;
    private HarpCallerOptions _options;
    private HarpdConnectorSettings _connectorSettings;
    private int _stopped;

    private DispatcherHost(
        HarpCallerOptions options, HarpdConnectorSettings connectorSettings, SqliteJobStore store, HostsRegistry hosts,
        Dispatcher dispatcher, ClientListener listener, ClientConnectionContext clients, TimeProvider time, ILogger logger)
    {
        _clients = clients;
        _options = options;
        _connectorSettings = connectorSettings;
        _store = store;
        _hosts = hosts;
        _dispatcher = dispatcher;
        _listener = listener;
        _time = time;
        _logger = logger;
        _pruneTimer = time.CreateTimer(_ => _ = PruneExpiredAsync(), null, PruneInterval, PruneInterval);
    }

    /// <summary>The configuration in force.</summary>
    public HarpCallerOptions Options => Volatile.Read(ref _options);

    /// <summary>Where clients can connect (configured port 0 resolved to the real port).</summary>
    public IReadOnlyList<IPEndPoint> ClientEndpoints => _listener.Endpoints;

    /// <summary>The hosts registry.</summary>
    public HostsRegistry Hosts => _hosts;

    internal Dispatcher Dispatcher => _dispatcher;

    /// <summary>Client connections currently open (tests).</summary>
    internal int OpenClientConnections => _listener.OpenConnections;

    /// <summary>
    /// Opens the store, loads the hosts registry (refreshing it when stale), recovers jobs left by
    /// the last run, and starts listening. Throws when a listen address cannot be bound.
    /// </summary>
    public static async Task<DispatcherHost> StartAsync(
        HarpCallerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        var logger = loggerFactory.CreateLogger<DispatcherHost>();

        var store = SqliteJobStore.Open(options.StreamDirectory, loggerFactory.CreateLogger<SqliteJobStore>());
        HostsRegistry? hosts = null;
        try
        {
            hosts = new HostsRegistry(HostsRegistryOptions.FromConfiguration(options), loggerFactory.CreateLogger<HostsRegistry>(), time);
            await hosts.StartAsync(cancellationToken).ConfigureAwait(false);

            var settings = BuildConnectorSettings(options, loggerFactory);
            DispatcherHost? host = null;
            var connector = new HarpdConnector(() => host is null ? settings : Volatile.Read(ref host._connectorSettings), time);
            var dispatcher = new Dispatcher(store, hosts, connector, () => host?.Options ?? options, time, loggerFactory.CreateLogger<Dispatcher>());
            await dispatcher.RecoverAsync().ConfigureAwait(false);

            var context = new ClientConnectionContext(dispatcher, options.ClientLimits, time, logger);
            var listener = await ClientListener.StartAsync(options.Listen, context, loggerFactory.CreateLogger<ClientListener>(), cancellationToken)
                .ConfigureAwait(false);
            host = new DispatcherHost(options, settings, store, hosts, dispatcher, listener, context, time, logger);
            LogStarted(logger, string.Join(", ", listener.Endpoints));
            return host;
        }
        catch
        {
            if (hosts is not null) await hosts.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static HarpdConnectorSettings BuildConnectorSettings(HarpCallerOptions options, ILoggerFactory loggerFactory)
    {
        var policy = new CertificatePolicy(options.CaFile, options.KnownCertsFile, loggerFactory.CreateLogger<CertificatePolicy>());
        return new HarpdConnectorSettings(HarpdConnectorSettings.ProtocolsFrom(options.HarpdTlsMinVersion), policy)
        {
            NativeTls = HarpdConnectorSettings.NativeTlsFor(options.HarpdTlsMinVersion, policy),
        };
    }

    /// <summary>
    /// Graceful stop: stop accepting, give running jobs <paramref name="grace"/> to finish (then
    /// they end with missing_result), let clients in flight get their replies, close the store.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        LogStopping(_logger);
        await _pruneTimer.DisposeAsync().ConfigureAwait(false);
        _listener.StopAccepting();
        await _dispatcher.StopAsync(grace).ConfigureAwait(false);
        // Followers of the stopped jobs have their terminal lines queued; give them a moment.
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(2);
        while (_listener.OpenConnections > 0 && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        }
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _hosts.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger);
    }

    /// <summary>Deletes ended jobs older than <paramref name="age"/>; running and queued jobs are never pruned.</summary>
    public Task<int> PruneAsync(TimeSpan age, CancellationToken cancellationToken = default) =>
        _store.PruneAsync((_time.GetUtcNow() - age).ToUnixTimeSeconds(), cancellationToken);

    private async Task PruneExpiredAsync()
    {
        if (Options.MaxAge is not { } maxAge || Volatile.Read(ref _stopped) == 1) return;
        try
        {
            var pruned = await PruneAsync(maxAge).ConfigureAwait(false);
            if (pruned > 0) LogPruned(_logger, pruned);
        }
        catch (Exception e)
        {
            LogPruneFailed(_logger, e);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "harpcallerd started, clients on {Endpoints}")]
    private static partial void LogStarted(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "harpcallerd stopping")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "harpcallerd stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "pruned {Count} expired jobs")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "pruning expired jobs failed")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
