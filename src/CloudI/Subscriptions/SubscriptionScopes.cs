using System.Collections.Concurrent;
using CloudI.Names;

namespace CloudI.Subscriptions;

/// <summary>
/// The independent registries of all scopes (the <c>scope</c> service option): subscriptions
/// and lookups only ever see their own scope's table.
/// </summary>
/// <typeparam name="TSubscriber">The subscriber identity.</typeparam>
public sealed class SubscriptionScopes<TSubscriber>
    where TSubscriber : notnull
{
    /// <summary>The scope a service uses when its configuration names none.</summary>
    public const string DefaultScope = "default";

    private readonly ConcurrentDictionary<string, SubscriptionTable<TSubscriber>> _scopes = new(StringComparer.Ordinal);
    private readonly ServiceNameFlavor _flavor;
    private readonly IEqualityComparer<TSubscriber>? _comparer;

    /// <summary>Creates the set of scopes, all empty.</summary>
    /// <param name="flavor">The name syntax of every scope.</param>
    /// <param name="comparer">Subscriber equality; the default comparer when null.</param>
    public SubscriptionScopes(ServiceNameFlavor flavor, IEqualityComparer<TSubscriber>? comparer = null)
    {
        _flavor = flavor;
        _comparer = comparer;
    }

    /// <summary>The registry of <paramref name="scope"/>, created empty on first use.</summary>
    /// <param name="scope">The scope name.</param>
    public SubscriptionTable<TSubscriber> this[string scope] =>
        _scopes.GetOrAdd(scope, _ => new SubscriptionTable<TSubscriber>(_flavor, _comparer));
}
