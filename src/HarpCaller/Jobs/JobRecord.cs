namespace HarpCaller.Jobs;

/// <summary>
/// What the dispatcher keeps for every job (spec section 4). Values passed through from
/// clients (arguments, info, queue name) are compact JSON text, exactly as received.
/// </summary>
internal sealed class JobRecord
{
    /// <summary>Store-local sequence: submission order (FIFO across restarts) and the packets' key. Set by the store when it records the job.</summary>
    public long Seq { get; set; }

    public required Guid Id { get; init; }

    public required string Host { get; init; }

    public required string Procedure { get; init; }

    public required string ArgumentsJson { get; init; }

    public required string InfoJson { get; init; }

    /// <summary>Queue name as sent (compact JSON); null for a job outside any queue.</summary>
    public string? QueueNameJson { get; init; }

    /// <summary>Canonical queue identity (equal JSON values give equal keys).</summary>
    public string? QueueKey { get; init; }

    /// <summary>The concurrency of the job's queue when the job joined it (the creating call's value, spec 1.9).</summary>
    public int QueueConcurrency { get; init; } = 1;

    /// <summary>Longest wait between two daemon messages, already defaulted.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Longest total run time, already capped by the configuration.</summary>
    public required TimeSpan MaxExecTime { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long Submit { get; init; }

    public long? Start { get; set; }

    public long? End { get; set; }

    /// <summary>Number of stream packets recorded (final once the job has ended).</summary>
    public long Packets { get; set; }

    /// <summary>The terminal reply line (compact JSON, no newline) once the job has ended.</summary>
    public byte[]? Outcome { get; set; }
}
