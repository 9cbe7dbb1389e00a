namespace CloudI.Subscriptions;

/// <summary>
/// The choice among candidate entries made by a <c>dest_refresh</c> method (§3), without its
/// <c>lazy_</c>/<c>immediate_</c> part, which decides only how fresh the registry snapshot is.
/// A single-node runtime has only local entries.
/// </summary>
public enum DestinationRule
{
    /// <summary>A random local entry, else a random remote one.</summary>
    Closest,

    /// <summary>A random remote entry, else a random local one.</summary>
    Furthest,

    /// <summary>A random entry.</summary>
    Random,

    /// <summary>A random local entry only.</summary>
    Local,

    /// <summary>A random remote entry only; never finds a destination on a single node.</summary>
    Remote,

    /// <summary>The most recently subscribed entry.</summary>
    Newest,

    /// <summary>The earliest subscribed entry.</summary>
    Oldest,

    /// <summary>The <c>none</c> method: the service may not send at all.</summary>
    None,
}
