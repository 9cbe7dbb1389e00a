namespace HarpCaller.Dispatching;

/// <summary>What a call asks for, already validated by the protocol parser.</summary>
internal sealed record SubmitSpec(
    string Host,
    string Procedure,
    string ArgumentsJson,
    string InfoJson,
    TimeSpan? Timeout,
    TimeSpan? MaxExecTime,
    string? QueueNameJson,
    string? QueueKey,
    int QueueConcurrency);
