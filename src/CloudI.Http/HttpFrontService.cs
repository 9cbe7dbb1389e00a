using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;
using Microsoft.Extensions.Logging;

namespace CloudI.Http;

/// <summary>
/// The HTTP front (CloudI's <c>cloudi_service_http_cowboy</c>) as a C# internal service: it
/// listens with Kestrel and turns every HTTP request into one <c>send_sync</c> from its own
/// identity (its <c>timeout_sync</c>, <c>priority_default</c>, ACLs), then the response into
/// the HTTP response. Register it with <see cref="Register"/> so a cloudi.conf entry with
/// module <c>cloudi_service_http_cowboy</c> works unchanged.
/// </summary>
public sealed partial class HttpFrontService : ICloudIService
{
    /// <summary>The CloudI module name this service answers to.</summary>
    public const string ModuleName = "cloudi_service_http_cowboy";

    private KestrelFront? _server;
    private ILogger _log = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>The addresses the server listens on (empty before initialisation).</summary>
    public IReadOnlyList<Uri> Addresses => _server?.Addresses ?? [];

    /// <summary>Registers the front under <see cref="ModuleName"/> in <paramref name="runtime"/>.</summary>
    public static void Register(CloudIRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        runtime.ServiceTypes.Register(ModuleName, typeof(HttpFrontService));
    }

    /// <summary>Validates the args (a bad proplist fails the start) and starts listening.</summary>
    public async ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(dispatcher);
        if (prefix.AsSpan().ContainsAny('*', '?'))
        {
            throw new ArgumentException($"the HTTP front's prefix must not be a pattern: {prefix}");
        }

        _log = dispatcher.Runtime.LoggerFactory.CreateLogger("CloudI.Http");
        HttpFrontArgs parsed = HttpFrontArgs.Parse(args, dispatcher.ProcessCount);
        foreach (string ignored in parsed.Ignored)
        {
            LogIgnored(ignored);
        }

        if (parsed.UseWebSockets)
        {
            LogIgnored("use_websockets");
        }

        if (parsed.Ssl is { CiphersGiven: true })
        {
            LogIgnored("ssl ciphers");
        }

        var handler = new HttpFrontHandler(parsed, dispatcher, _log);
        _server = await KestrelFront.StartAsync(parsed, handler, cancellationToken).ConfigureAwait(false);
        LogListening(string.Join(", ", _server.Addresses), dispatcher.TimeoutSync);
    }

    /// <summary>The front subscribes to nothing; a request that reaches it anyway gets a null response.</summary>
    public ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken) => new(RequestResult.Reply(default, default));

    /// <summary>No info messages are expected.</summary>
    public ValueTask HandleInfoAsync(object message, ServiceDispatcher dispatcher, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Stops listening; requests in progress get until the termination timeout.</summary>
    public async ValueTask TerminateAsync(string reason, uint timeout, CancellationToken cancellationToken)
    {
        KestrelFront? server = Interlocked.Exchange(ref _server, null);
        if (server is null)
        {
            return;
        }

        try
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP front listening on {Addresses} (timeout_sync {Timeout} ms)")]
    private partial void LogListening(string addresses, uint timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP front: argument {Key} has no effect in this runtime")]
    private partial void LogIgnored(string key);
}
