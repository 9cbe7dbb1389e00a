using System.Collections.Concurrent;
using System.Reflection;
using CloudI.Configuration;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Runtime;

/// <summary>
/// Turns the <c>aspects_*</c> option terms into .NET delegates: an atom names a delegate
/// registered here; <c>{Module, Function}</c> names a public static method of a loaded type.
/// </summary>
public sealed class AspectRegistry
{
    private readonly ConcurrentDictionary<string, Delegate> _named = new(StringComparer.Ordinal);

    /// <summary>Registers an aspect delegate (one of the delegate types of <see cref="ServiceAspects"/>) under a name.</summary>
    public void Register(string name, Delegate aspect)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(aspect);
        _named[name] = aspect;
    }

    /// <summary>Resolves every aspect of <paramref name="options"/>; throws <see cref="ServiceStartException"/> naming a bad one.</summary>
    public ServiceAspects Resolve(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AspectsInitAfter.Count + options.AspectsRequestBefore.Count + options.AspectsRequestAfter.Count
            + options.AspectsInfoBefore.Count + options.AspectsInfoAfter.Count + options.AspectsTerminateBefore.Count == 0)
        {
            return ServiceAspects.None;
        }

        return new ServiceAspects(
            ResolveAll<InitAfterAspect>(options.AspectsInitAfter, "aspects_init_after"),
            ResolveAll<RequestBeforeAspect>(options.AspectsRequestBefore, "aspects_request_before"),
            ResolveAll<RequestAfterAspect>(options.AspectsRequestAfter, "aspects_request_after"),
            ResolveAll<InfoAspect>(options.AspectsInfoBefore, "aspects_info_before"),
            ResolveAll<InfoAspect>(options.AspectsInfoAfter, "aspects_info_after"),
            ResolveAll<TerminateBeforeAspect>(options.AspectsTerminateBefore, "aspects_terminate_before"));
    }

    private List<T> ResolveAll<T>(IReadOnlyList<ErlangTerm> terms, string option)
        where T : Delegate =>
        [.. terms.Select(term => ResolveOne<T>(term, option))];

    private T ResolveOne<T>(ErlangTerm term, string option)
        where T : Delegate
    {
        if (term is ErlangAtom atom)
        {
            if (_named.TryGetValue(atom.Name, out Delegate? named) && named is T typed)
            {
                return typed;
            }

            throw Invalid(option, term, named is null ? "no aspect registered under that name" : $"not a {typeof(T).Name}");
        }

        if (term is ErlangTuple { Arity: 2 } tuple && tuple[0] is ErlangAtom module && tuple[1] is ErlangAtom function)
        {
            Type? type = AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic)
                .Select(a => a.GetType(module.Name, throwOnError: false))
                .FirstOrDefault(t => t is not null);
            MethodInfo? method = type?.GetMethod(function.Name, BindingFlags.Public | BindingFlags.Static);
            if (method is null)
            {
                throw Invalid(option, term, $"no public static method {module.Name}.{function.Name}");
            }

            return method.CreateDelegate<T>();
        }

        throw Invalid(option, term, "an aspect is {Module, Function} or a registered name");
    }

    private static ServiceStartException Invalid(string option, ErlangTerm term, string why) =>
        new($"service_options_{option}_invalid", $"{option}: {term}: {why}");
}
