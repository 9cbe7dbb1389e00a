namespace HarpCaller.Load;

/// <summary>How one iteration went; every failure kind has its own counter in the summary.</summary>
internal enum FailureKind
{
    /// <summary>The iteration did what it should.</summary>
    None,

    /// <summary>Connecting to the dispatcher failed.</summary>
    Connect,

    /// <summary>The request's time bound elapsed.</summary>
    Timeout,

    /// <summary>The dispatcher closed or reset the connection before the reply was complete.</summary>
    Closed,

    /// <summary>The reply was not JSON or not the expected form.</summary>
    BadReply,

    /// <summary>The dispatcher replied with an error object.</summary>
    ErrorReply,

    /// <summary>e2e: the job's final reply was not the expected result (a lost result).</summary>
    Lost,
}
