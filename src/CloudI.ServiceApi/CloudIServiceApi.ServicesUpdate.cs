using CloudI.Configuration;
using Erlang.Terms;
using static CloudI.ServiceApi.ApiTerms;

namespace CloudI.ServiceApi;

/// <summary>
/// <c>services_update</c>. Every plan is applied by <see cref="Runtime.CloudIRuntime.UpdateServiceAsync"/>:
/// a new instance with the updated configuration starts beside the old one (same id, same place
/// in the start order) and takes over; a C# module whose code-path assembly changed on disk is
/// loaded anew in a fresh collectible context, and the old assembly is unloaded once its last
/// instance has drained. Internal plans name the service's module (<c>modules_load</c> etc. are
/// accepted: loading is by file, not by module list), external plans change
/// <c>file_path</c>/<c>args</c>/<c>env</c>, timeouts, ACLs and updatable options. All plans are
/// validated before any is applied.
/// </summary>
public sealed partial class CloudIServiceApi
{
    private static readonly HashSet<string> PlanKeys = new(StringComparer.Ordinal)
    {
        "type", "module", "module_state", "sync", "modules_load", "modules_unload", "code_paths_add",
        "code_paths_remove", "dest_refresh", "timeout_init", "timeout_async", "timeout_sync", "dest_list_deny",
        "dest_list_allow", "options", "file_path", "args", "env",
    };

    private static readonly HashSet<string> UpdatableOptions = new(StringComparer.Ordinal)
    {
        "priority_default", "queue_limit", "queue_size", "rate_request_max", "dest_refresh_start", "dest_refresh_delay",
        "request_name_lookup", "request_timeout_adjustment", "request_timeout_immediate_max",
        "response_timeout_adjustment", "response_timeout_immediate_max", "monkey_latency", "monkey_chaos",
        "dispatcher_pid_options", "aspects_init_after", "aspects_request_before", "aspects_request_after",
        "aspects_info_before", "aspects_info_after", "aspects_terminate_before", "init_pid_options",
        "request_pid_uses", "request_pid_options", "info_pid_uses", "info_pid_options", "hibernate", "reload", "limit",
    };

    private async Task<ErlangTerm> ServicesUpdateAsync(ErlangTerm argument)
    {
        if (argument is not ErlangList { IsProper: true, IsEmpty: false, IsStringLiteral: false } list)
        {
            throw ApiFailure.Of("update_invalid", argument);
        }

        var plans = new List<PreparedUpdate>(list.Count);
        foreach (ErlangTerm item in list.Elements)
        {
            plans.Add(PrepareUpdate(item));
        }

        var done = new List<ErlangTerm>(plans.Count);
        foreach (PreparedUpdate plan in plans)
        {
            ErlangList ids = List(plan.Services.Select(s => (ErlangTerm)ServiceIds.ToTerm(s.Id)));
            try
            {
                foreach (string directory in plan.CodePathsAdd)
                {
                    _runtime.ServiceTypes.AddCodePath(directory);
                }

                foreach (string directory in plan.CodePathsRemove)
                {
                    _runtime.ServiceTypes.RemoveCodePath(directory);
                }

                foreach (var (id, config) in plan.Services)
                {
                    if (id == _self)
                    {
                        _ = Task.Run(async () =>
                        {
                            await Task.Delay(50).ConfigureAwait(false);
                            await _runtime.UpdateServiceAsync(id, config).ConfigureAwait(false);
                        });
                        continue;
                    }

                    if (!await _runtime.UpdateServiceAsync(id, config).ConfigureAwait(false))
                    {
                        throw ApiFailure.Of("service_not_found", ServiceIds.ToTerm(id));
                    }
                }
            }
            catch (Exception e)
            {
                ErlangTerm reason = Failure(e) is ErlangTuple { Arity: 2 } error ? error[1] : Atom("update_failed");
                return new ErlangTuple(Atom("error"), new ErlangTuple(ids, reason), List(done));
            }

            done.Add(ids);
        }

        return OkValue(List(done));
    }

    private PreparedUpdate PrepareUpdate(ErlangTerm item)
    {
        if (item is not ErlangTuple { Arity: 2 } entry || entry[1] is not ErlangList { IsProper: true, IsStringLiteral: false } planList)
        {
            throw ApiFailure.Of("update_invalid", item);
        }

        var plan = new Dictionary<string, ErlangTerm>(StringComparer.Ordinal);
        foreach (ErlangTerm setting in planList.Elements)
        {
            if (setting is not ErlangTuple { Arity: 2 } pair || pair[0] is not ErlangAtom key
                || !PlanKeys.Contains(key.Name) || !plan.TryAdd(key.Name, pair[1]))
            {
                throw ApiFailure.Of("update_invalid", setting);
            }
        }

        ErlangTerm? Get(string key) => plan.TryGetValue(key, out ErlangTerm? v) ? v : null;
        bool external = Get("type") switch
        {
            ErlangAtom { Name: "internal" } => false,
            ErlangAtom { Name: "external" } => true,
            null when plan.ContainsKey("module") => false,
            null when plan.ContainsKey("file_path") || plan.ContainsKey("args") || plan.ContainsKey("env") => true,
            _ => throw ApiFailure.Of("update_type_invalid", entry[1]),
        };

        if (Get("sync") is { } sync && sync is not ErlangAtom { IsBoolean: true })
        {
            throw ApiFailure.Of("update_sync_invalid", sync);
        }

        foreach (string key in (string[])["modules_load", "modules_unload"])
        {
            if (Get(key) is { } modules && (modules is not ErlangList { IsProper: true } l || (l.IsStringLiteral && !l.IsEmpty)
                || l.Elements.Any(m => m is not ErlangAtom)))
            {
                throw ApiFailure.Of($"update_{key}_invalid", modules);
            }
        }

        List<string> pathsAdd = Directories(Get("code_paths_add"), "update_code_paths_add_invalid", mustExist: true);
        List<string> pathsRemove = Directories(Get("code_paths_remove"), "update_code_paths_remove_invalid", mustExist: false);

        List<Guid> targets;
        string? module = null;
        if (external)
        {
            foreach (string key in (string[])["module", "module_state"])
            {
                if (plan.ContainsKey(key))
                {
                    throw ApiFailure.Of("update_invalid", Pair(key, plan[key]));
                }
            }

            targets = [ParseId(entry[0])];
        }
        else
        {
            foreach (string key in (string[])["file_path", "args", "env"])
            {
                if (plan.ContainsKey(key))
                {
                    throw ApiFailure.Of("update_invalid", Pair(key, plan[key]));
                }
            }

            if (Get("module") is not ErlangAtom { Name.Length: > 0 } moduleAtom)
            {
                throw ApiFailure.Of("update_module_invalid", Get("module") ?? ErlangAtom.Undefined);
            }

            if (Get("module_state") is { } state)
            {
                // CloudI takes a function here; a .NET service keeps no state across a restart.
                throw ApiFailure.Of("update_module_state_invalid", state);
            }

            module = moduleAtom.Name;
            targets = entry[0] is ErlangList { IsEmpty: true }
                ? [.. _runtime.Services.Where(s => s.Config is InternalServiceConfig c && c.Module == module).Select(s => s.Id)]
                : [ParseId(entry[0])];
            if (targets.Count == 0)
            {
                throw ApiFailure.Of("update_module_not_found", moduleAtom);
            }
        }

        var running = _runtime.Services.ToDictionary(s => s.Id, s => s.Config);
        var services = new List<(Guid, ServiceConfig)>(targets.Count);
        foreach (Guid id in targets)
        {
            if (!running.TryGetValue(id, out ServiceConfig? old))
            {
                throw ApiFailure.Of("service_not_found", ServiceIds.ToTerm(id));
            }

            if (external != old is ExternalServiceConfig
                || (old is InternalServiceConfig oldInternal && oldInternal.Module != module))
            {
                throw ApiFailure.Of("update_type_invalid", ServiceIds.ToTerm(id));
            }

            services.Add((id, Updated(old, plan, external)));
        }

        return new PreparedUpdate(services, pathsAdd, pathsRemove);
    }

    /// <summary>The old configuration with the plan's changes, validated like a new entry.</summary>
    private static ServiceConfig Updated(ServiceConfig old, Dictionary<string, ErlangTerm> plan, bool external)
    {
        ErlangTuple tuple = ServiceConfigTerms.ToTerm(old);
        ErlangTerm[] fields = [.. tuple.Elements];
        (string Key, int Index)[] positions = external
            ? [("file_path", 2), ("args", 3), ("env", 4), ("dest_refresh", 5), ("timeout_init", 8), ("timeout_async", 9),
               ("timeout_sync", 10), ("dest_list_deny", 11), ("dest_list_allow", 12)]
            : [("dest_refresh", 4), ("timeout_init", 5), ("timeout_async", 6), ("timeout_sync", 7),
               ("dest_list_deny", 8), ("dest_list_allow", 9)];
        foreach (var (key, index) in positions)
        {
            if (plan.TryGetValue(key, out ErlangTerm? value))
            {
                fields[index] = value;
            }
        }

        int optionsIndex = external ? 17 : 13;
        if (plan.TryGetValue("options", out ErlangTerm? changes))
        {
            fields[optionsIndex] = MergeOptions((ErlangList)fields[optionsIndex], changes);
        }

        ServiceConfig updated = ServiceConfigParser.Parse(new ErlangTuple(fields));
        ServiceConfigTerms.RememberOptions(updated, fields[optionsIndex]);
        return updated;
    }

    private static ErlangList MergeOptions(ErlangList current, ErlangTerm changes)
    {
        if (changes is not ErlangList { IsProper: true } list || (list.IsStringLiteral && !list.IsEmpty))
        {
            throw ApiFailure.Of("update_options_invalid", changes);
        }

        var merged = current.Elements.ToList();
        foreach (ErlangTerm change in list.Elements)
        {
            if (change is not ErlangTuple { Arity: 2 } pair || pair[0] is not ErlangAtom key || !UpdatableOptions.Contains(key.Name))
            {
                throw ApiFailure.Of("update_options_invalid", change);
            }

            int at = merged.FindIndex(e => e is ErlangTuple { Arity: 2 } t && t[0].Equals(key));
            if (at >= 0)
            {
                merged[at] = change;
            }
            else
            {
                merged.Add(change);
            }
        }

        return new ErlangList([.. merged]);
    }

    private static List<string> Directories(ErlangTerm? term, string reason, bool mustExist)
    {
        if (term is null)
        {
            return [];
        }

        if (term is not ErlangList { IsProper: true } list || (list.IsStringLiteral && !list.IsEmpty))
        {
            throw ApiFailure.Of(reason, term);
        }

        var directories = new List<string>(list.Count);
        foreach (ErlangTerm item in list.Elements)
        {
            if (item is not ErlangList s || !s.TryGetString(out string directory) || directory.Length == 0
                || (mustExist && !System.IO.Directory.Exists(directory)))
            {
                throw ApiFailure.Of(reason, item);
            }

            directories.Add(directory);
        }

        return directories;
    }

    private sealed record PreparedUpdate(
        List<(Guid Id, ServiceConfig Config)> Services, List<string> CodePathsAdd, List<string> CodePathsRemove);
}
