using CloudI.Configuration;
using CloudI.Names;
using CloudI.Runtime;
using CloudI.Services;
using Erlang.Terms;
using static CloudI.ServiceApi.ApiTerms;

namespace CloudI.ServiceApi;

/// <summary><c>service_subscriptions</c>, <c>services_add</c>, <c>services_remove</c>, <c>services_restart</c>, <c>services_search</c>, <c>services</c>.</summary>
public sealed partial class CloudIServiceApi
{
    private ErlangTerm ServiceSubscriptions(ErlangTerm argument)
    {
        Guid id = ParseId(argument);
        IReadOnlyList<string>? patterns = _runtime.Subscriptions(id);
        if (patterns is null)
        {
            return Error("not_found");
        }

        return OkValue(List(patterns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(Str)));
    }

    private async Task<ErlangTerm> ServicesAddAsync(ErlangTerm argument)
    {
        if (argument is not ErlangList { IsProper: true, IsEmpty: false, IsStringLiteral: false } list)
        {
            throw ApiFailure.Of("service_invalid", argument);
        }

        IReadOnlyList<ServiceConfig> configs = ServiceConfigParser.ParseList(argument);
        for (int k = 0; k < configs.Count; k++)
        {
            if (ServiceConfigTerms.OptionsTermOf(list[k]) is { } options)
            {
                ServiceConfigTerms.RememberOptions(configs[k], options);
            }
        }

        try
        {
            IReadOnlyList<Guid> ids = await _runtime.AddServicesAsync(configs).ConfigureAwait(false);
            return OkValue(List(ids.Select(id => (ErlangTerm)ServiceIds.ToTerm(id))));
        }
        catch (ServiceStartException e) when (e.Reason == "service_internal_module_not_found")
        {
            string module = configs.OfType<InternalServiceConfig>()
                .Select(c => c.Module)
                .FirstOrDefault(m => _runtime.ServiceTypes.Resolve(m, out _) is null) ?? string.Empty;
            return Error(e.Reason, AtomOrString(module));
        }
    }

    private async Task<ErlangTerm> ServicesRemoveAsync(ErlangTerm argument)
    {
        IReadOnlyList<Guid> ids = ExistingIds(argument);
        foreach (Guid id in ids)
        {
            if (id == _self)
            {
                // The API service cannot wait for its own stop: do it once this call answered.
                _ = Task.Run(async () =>
                {
                    await Task.Delay(50).ConfigureAwait(false);
                    await _runtime.RemoveServiceAsync(id).ConfigureAwait(false);
                });
                continue;
            }

            await _runtime.RemoveServiceAsync(id).ConfigureAwait(false);
        }

        return Ok;
    }

    private async Task<ErlangTerm> ServicesRestartAsync(ErlangTerm argument)
    {
        IReadOnlyList<Guid> ids = ExistingIds(argument);
        foreach (Guid id in ids)
        {
            if (id == _self)
            {
                _ = Task.Run(async () =>
                {
                    await Task.Delay(50).ConfigureAwait(false);
                    await _runtime.RestartServiceAsync(id).ConfigureAwait(false);
                });
                continue;
            }

            await _runtime.RestartServiceAsync(id).ConfigureAwait(false);
        }

        return Ok;
    }

    private ErlangTerm ServicesSearch(ErlangTerm argument)
    {
        string scope = SubscriptionScopesDefault;
        ErlangTerm nameTerm = argument;
        if (argument is ErlangTuple { Arity: 2 } scoped && scoped[0] is ErlangAtom scopeAtom)
        {
            scope = scopeAtom.Name;
            nameTerm = scoped[1];
        }

        ServiceNameFlavor flavor = _runtime.Options.Flavor;
        if (nameTerm is not ErlangList nameList || !nameList.TryGetString(out string name) || name.Length == 0
            || ServiceNames.IsPattern(name, flavor) || ServiceNames.NameError(name, flavor) is not null)
        {
            return Error("service_name_invalid");
        }

        var subscribers = _runtime.Scopes[scope].Snapshot.Lookup(name);
        if (subscribers is null)
        {
            return OkValue(ErlangList.Nil);
        }

        var ids = new List<Guid>();
        foreach (var candidate in subscribers.Candidates)
        {
            if (CloudIRuntime.ServiceIdOf(candidate.Subscriber) is Guid id && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        var configs = _runtime.Services.ToDictionary(s => s.Id, s => s.Config);
        return OkValue(List(ids
            .Where(configs.ContainsKey)
            .Select(id => (ErlangTerm)new ErlangTuple(ServiceIds.ToTerm(id), ServiceConfigTerms.ToTerm(configs[id])))));
    }

    private ErlangTerm ServicesList() =>
        OkValue(List(_runtime.Services.Select(s =>
            (ErlangTerm)new ErlangTuple(ServiceIds.ToTerm(s.Id), ServiceConfigTerms.ToTerm(s.Config)))));

    private const string SubscriptionScopesDefault = CloudI.Subscriptions.SubscriptionScopes<ServiceDispatcher>.DefaultScope;

    /// <summary>A non-empty list of ids, all valid and all running (checked before anything is done).</summary>
    private List<Guid> ExistingIds(ErlangTerm argument)
    {
        if (argument is not ErlangList { IsProper: true, IsEmpty: false, IsStringLiteral: false } list)
        {
            throw ApiFailure.Of("service_id_invalid", argument);
        }

        var ids = new List<Guid>(list.Count);
        foreach (ErlangTerm item in list.Elements)
        {
            ids.Add(ParseId(item));
        }

        var running = _runtime.Services.Select(s => s.Id).ToHashSet();
        foreach (Guid id in ids)
        {
            if (!running.Contains(id))
            {
                throw ApiFailure.Of("service_not_found", ServiceIds.ToTerm(id));
            }
        }

        return [.. ids.Distinct()];
    }

    private static Guid ParseId(ErlangTerm term) =>
        ServiceIds.TryParse(term, out Guid id) ? id : throw ApiFailure.Of("service_id_invalid", term);
}
