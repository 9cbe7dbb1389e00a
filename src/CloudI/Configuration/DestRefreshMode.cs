namespace CloudI.Configuration;

/// <summary>
/// How fresh a sender's view of the subscription registry is (the <c>lazy_</c>/<c>immediate_</c>
/// part of a <c>dest_refresh</c> method, semantics §3).
/// </summary>
public enum DestRefreshMode
{
    /// <summary>Every lookup consults the authoritative registry.</summary>
    Immediate,

    /// <summary>Lookups use the sender's periodically refreshed snapshot.</summary>
    Lazy,

    /// <summary>The <c>none</c> method: the service may not send at all.</summary>
    None,
}
