namespace HarpCaller.Client;

/// <summary>The forms a result reply (and a stream's terminal line) can take.</summary>
public enum JobOutcomeKind
{
    /// <summary><c>{"result":V}</c>: the procedure returned a value.</summary>
    Result,

    /// <summary><c>{"exception":{...}}</c>: the procedure raised an exception.</summary>
    Exception,

    /// <summary><c>{"cancelled":true}</c>: the job was cancelled before it returned.</summary>
    Cancelled,

    /// <summary><c>{"error":{...}}</c>: the call failed, or the job id is unknown.</summary>
    Error,

    /// <summary><c>{"no_result":true}</c>: not ended yet (a result request that did not wait).</summary>
    NoResult,

    /// <summary><c>{"continue":true}</c>: not ended yet (end of a page-wise stream read).</summary>
    Continue,
}
