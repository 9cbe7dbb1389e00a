namespace HarpCaller.Load;

/// <summary>What each simulated client does in a loop.</summary>
internal enum LoadMode
{
    /// <summary>Submit calls; one request per iteration.</summary>
    Submit,

    /// <summary>get_status of one job; one request per iteration.</summary>
    Status,

    /// <summary>read_stream of one (ended) job from packet 0; counts packets.</summary>
    ReadStream,

    /// <summary>Submit, then get_result with wait; counts completed calls and lost results.</summary>
    EndToEnd,
}
