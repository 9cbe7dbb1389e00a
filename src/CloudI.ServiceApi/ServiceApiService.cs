using System.Text;
using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>
/// CloudI's <c>cloudi_service_api_requests</c>: the Service API as service requests (stock
/// prefix <c>/cloudi/api/</c>, usually reached through the HTTP front). For every arity-1
/// function <c>F</c> it subscribes <c>rpc/F.erl</c> and <c>rpc/F.erl/get</c>, for every arity-2
/// function <c>rpc/F.erl</c> and <c>rpc/F.erl/post</c> (the request body is the argument as Erlang
/// term text without the final dot), and <c>rpc.json</c>, <c>rpc.json/post</c> (JSON-RPC, CloudI
/// 1.5.3 format). Responses are Erlang term text with empty response info. Bad input is
/// answered, never fatal to the service.
/// </summary>
public sealed class ServiceApiService : CloudIService
{
    /// <summary>The module name configurations use.</summary>
    public const string ModuleName = "cloudi_service_api_requests";

    private const string Json = "rpc.json";

    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private CloudIServiceApi? _api;

    /// <summary>Registers the service type under <see cref="ModuleName"/>.</summary>
    public static void Register(CloudIRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        runtime.ServiceTypes.Register(ModuleName, typeof(ServiceApiService));
    }

    /// <summary>The suffixes (after the prefix) the service subscribes, in subscription order.</summary>
    public static IReadOnlyList<string> Patterns { get; } = BuildPatterns();

    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        _api = new CloudIServiceApi(dispatcher.Runtime, CloudIRuntime.ServiceIdOf(dispatcher));
        foreach (var (function, arity) in CloudIServiceApi.Functions)
        {
            string path = $"rpc/{function}.erl";
            _routes[path] = new Route(function, arity);
            _routes[path + (arity == 1 ? "/get" : "/post")] = new Route(function, arity);
        }

        _routes[Json] = new Route(null, 0);
        _routes[Json + "/post"] = new Route(null, 0);
        foreach (string pattern in Patterns)
        {
            dispatcher.Subscribe(pattern);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dispatcher);
        CloudIServiceApi api = _api ?? throw new InvalidOperationException("not initialized");
        string suffix = request.Pattern.StartsWith(dispatcher.Prefix, StringComparison.Ordinal)
            ? request.Pattern[dispatcher.Prefix.Length..]
            : request.Pattern;

        // Answer before the request's timeout: running past it would fail this process.
        uint timeout = request.Timeout;
        uint budget = timeout > 400 ? timeout - 200 : timeout / 2;
        string response;
        try
        {
            if (!_routes.TryGetValue(suffix, out Route route))
            {
                response = ErlangText.PrintResult(ApiTerms.Error("function_invalid"));
            }
            else if (route.Function is null)
            {
                response = await JsonRpc.HandleAsync(request.Request,
                    (function, argument) => api.CallAsync(function, argument, budget, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                response = ErlangText.PrintResult(await CallErlAsync(api, route, request.Request, budget, cancellationToken)
                    .ConfigureAwait(false));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            response = ErlangText.PrintResult(CloudIServiceApi.Failure(e));
        }

        return RequestResult.Reply(Encoding.UTF8.GetBytes(response));
    }

    private static async Task<ErlangTerm> CallErlAsync(CloudIServiceApi api, Route route, ReadOnlyMemory<byte> body,
        uint budget, CancellationToken cancellationToken)
    {
        ErlangTerm? argument = null;
        if (route.Arity == 2)
        {
            try
            {
                argument = ErlangText.ParseBody(body.Span);
            }
            catch (FormatException)
            {
                // CloudI 2.0.x's answer to a body that is not a term.
                return ApiTerms.Timeout;
            }
        }

        return await api.CallAsync(route.Function!, argument, budget, cancellationToken).ConfigureAwait(false);
    }

    private static List<string> BuildPatterns()
    {
        var patterns = new List<string>();
        foreach (var (function, arity) in CloudIServiceApi.Functions)
        {
            patterns.Add($"rpc/{function}.erl");
            patterns.Add($"rpc/{function}.erl" + (arity == 1 ? "/get" : "/post"));
        }

        patterns.Add(Json);
        patterns.Add(Json + "/post");
        return patterns;
    }

    private readonly record struct Route(string? Function, int Arity);
}
