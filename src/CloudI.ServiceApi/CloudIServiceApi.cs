using CloudI.Configuration;
using CloudI.Runtime;
using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>
/// The 26 functions of the CloudI 1.5.3 Service API (plus the deprecated aliases
/// <c>loglevel_set</c> and <c>log_redirect</c>) executed against one <see cref="CloudIRuntime"/>.
/// Each call returns the function's result term (<c>ok</c>, <c>{ok, Value}</c> or
/// <c>{error, Reason}</c>); invalid arguments and failures are <c>{error, …}</c> results, never
/// exceptions.
/// </summary>
public sealed partial class CloudIServiceApi
{
    private static readonly Dictionary<string, int> Arities = new(StringComparer.Ordinal)
    {
        ["acl_add"] = 2, ["acl_remove"] = 2, ["acl"] = 1, ["service_subscriptions"] = 2, ["services_add"] = 2,
        ["services_remove"] = 2, ["services_restart"] = 2, ["services_search"] = 2, ["services_update"] = 2,
        ["services"] = 1, ["nodes_set"] = 2, ["nodes_get"] = 1, ["nodes_add"] = 2, ["nodes_remove"] = 2,
        ["nodes_alive"] = 1, ["nodes_dead"] = 1, ["nodes"] = 1, ["logging_file_set"] = 2, ["logging_level_set"] = 2,
        ["logging_syslog_set"] = 2, ["logging_formatters_set"] = 2, ["logging_redirect_set"] = 2, ["logging"] = 1,
        ["code_path_add"] = 2, ["code_path_remove"] = 2, ["code_path"] = 1,
        ["loglevel_set"] = 2, ["log_redirect"] = 2,
    };

    private readonly CloudIRuntime _runtime;
    private readonly Guid? _self;
    private readonly Dictionary<string, Func<ErlangTerm, Task<ErlangTerm>>> _functions;

    /// <summary>Creates the API over <paramref name="runtime"/>.</summary>
    /// <param name="runtime">The runtime the functions control.</param>
    /// <param name="self">The id of the service executing the calls, if any: removing, restarting or
    /// updating it happens after the call answered (it cannot wait for its own stop).</param>
    public CloudIServiceApi(CloudIRuntime runtime, Guid? self = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _self = self;
        _functions = new Dictionary<string, Func<ErlangTerm, Task<ErlangTerm>>>(StringComparer.Ordinal)
        {
            ["acl_add"] = a => Sync(() => AclAdd(a)),
            ["acl_remove"] = a => Sync(() => AclRemove(a)),
            ["acl"] = _ => Sync(Acl),
            ["service_subscriptions"] = a => Sync(() => ServiceSubscriptions(a)),
            ["services_add"] = ServicesAddAsync,
            ["services_remove"] = ServicesRemoveAsync,
            ["services_restart"] = ServicesRestartAsync,
            ["services_search"] = a => Sync(() => ServicesSearch(a)),
            ["services_update"] = ServicesUpdateAsync,
            ["services"] = _ => Sync(ServicesList),
            ["nodes_set"] = a => Sync(() => NodesSet(a)),
            ["nodes_get"] = _ => Sync(NodesGet),
            ["nodes_add"] = a => Sync(() => NodesAdd(a)),
            ["nodes_remove"] = a => Sync(() => NodesRemove(a)),
            ["nodes_alive"] = _ => Sync(NodesAlive),
            ["nodes_dead"] = _ => Sync(NodesDead),
            ["nodes"] = _ => Sync(NodesAll),
            ["logging_file_set"] = a => Sync(() => LoggingFileSet(a)),
            ["logging_level_set"] = a => Sync(() => LoggingLevelSet(a)),
            ["logging_syslog_set"] = a => Sync(() => LoggingSyslogSet(a)),
            ["logging_formatters_set"] = a => Sync(() => LoggingFormattersSet(a)),
            ["logging_redirect_set"] = a => Sync(() => LoggingRedirectSet(a)),
            ["logging"] = _ => Sync(LoggingGet),
            ["code_path_add"] = a => Sync(() => CodePathAdd(a)),
            ["code_path_remove"] = a => Sync(() => CodePathRemove(a)),
            ["code_path"] = _ => Sync(CodePath),
            ["loglevel_set"] = a => Sync(() => LoggingLevelSet(a)),
            ["log_redirect"] = a => Sync(() => LoggingRedirectSet(a)),
        };
    }

    /// <summary>The function names with their Erlang arity (1: timeout only; 2: one argument and a timeout).</summary>
    public static IReadOnlyDictionary<string, int> Functions => Arities;

    /// <summary>The arity of <paramref name="function"/>; false if there is no such function.</summary>
    public static bool TryGetArity(string function, out int arity) => Arities.TryGetValue(function, out arity);

    /// <summary>
    /// Calls <paramref name="function"/>. Answers <c>{error,timeout}</c> when it does not finish
    /// within <paramref name="timeout"/> ms (the work itself may still complete later).
    /// </summary>
    /// <param name="function">The function name.</param>
    /// <param name="argument">The argument of an arity-2 function; ignored (may be null) for arity 1.</param>
    /// <param name="timeout">Milliseconds allowed.</param>
    /// <param name="cancellationToken">Gives up early (answers <c>{error,timeout}</c>).</param>
    /// <exception cref="ArgumentException">No such function, or an arity-2 function without argument.</exception>
    public async Task<ErlangTerm> CallAsync(string function, ErlangTerm? argument, uint timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!_functions.TryGetValue(function, out var call))
        {
            throw new ArgumentException($"no Service API function {function}", nameof(function));
        }

        if (Arities[function] == 2 && argument is null)
        {
            throw new ArgumentException($"{function} takes an argument", nameof(argument));
        }

        Task<ErlangTerm> work;
        try
        {
            work = call(argument ?? ErlangList.Nil);
        }
        catch (Exception e)
        {
            return Failure(e);
        }

        try
        {
            return await work.WaitAsync(TimeSpan.FromMilliseconds(timeout), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // The work goes on; observe its outcome so nothing is left unobserved.
            _ = work.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return ApiTerms.Timeout;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    private static Task<ErlangTerm> Sync(Func<ErlangTerm> function)
    {
        try
        {
            return Task.FromResult(function());
        }
        catch (Exception e)
        {
            return Task.FromResult(Failure(e));
        }
    }

    /// <summary>Any failure as an <c>{error, Reason}</c> term.</summary>
    internal static ErlangTerm Failure(Exception e) => e switch
    {
        ApiFailure f => ApiTerms.Error(f.Reason),
        CloudIConfigException c => ApiTerms.Error(c.Reason, c.Term ?? ErlangAtom.Undefined),
        ServiceStartException { InnerException: CloudIConfigException c } => ApiTerms.Error(c.Reason, c.Term ?? ErlangAtom.Undefined),
        ServiceStartException s => ApiTerms.Error(s.Reason, ApiTerms.Str(s.Message)),
        AggregateException { InnerExceptions.Count: 1 } a => Failure(a.InnerExceptions[0]),
        ObjectDisposedException => ApiTerms.Error("noproc"),
        _ => ApiTerms.Error("exception", ApiTerms.Str($"{e.GetType().Name}: {e.Message}")),
    };
}
