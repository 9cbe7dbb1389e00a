namespace CloudI.Configuration;

/// <summary>What a send does when no destination is found (<c>request_name_lookup</c>, semantics §3.1).</summary>
public enum RequestNameLookup
{
    /// <summary>Retry every 500 ms while the remaining timeout allows (the default).</summary>
    Sync,

    /// <summary>Fail at once.</summary>
    Async,
}
