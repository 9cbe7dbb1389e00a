namespace CloudI.External.Protocol;

/// <summary>
/// The values of the INIT message (spec §5.2/§5.3). <see cref="TimeoutTerminate"/> is the configured,
/// unreduced value: the 2.0.x encoder sends <c>max(0, TimeoutTerminate − 500)</c>, the 1.5.3 encoder sends it as is.
/// </summary>
public readonly record struct InitParameters
{
    /// <summary>This OS process's index, 0..count_process−1.</summary>
    public uint ProcessIndex { get; init; }
    /// <summary>Current process count.</summary>
    public uint ProcessCount { get; init; }
    /// <summary>count_process, or the count_process_dynamic maximum.</summary>
    public uint ProcessCountMax { get; init; }
    /// <summary>count_process, or the count_process_dynamic minimum.</summary>
    public uint ProcessCountMin { get; init; }
    /// <summary>The service prefix bytes (sent as <c>str</c>).</summary>
    public ReadOnlyMemory<byte> Prefix { get; init; }
    /// <summary>timeout_init in ms.</summary>
    public uint TimeoutInitialize { get; init; }
    /// <summary>Default async timeout in ms.</summary>
    public uint TimeoutAsync { get; init; }
    /// <summary>Default sync timeout in ms.</summary>
    public uint TimeoutSync { get; init; }
    /// <summary>Configured timeout_terminate in ms (not reduced by 500).</summary>
    public uint TimeoutTerminate { get; init; }
    /// <summary>Default priority.</summary>
    public sbyte PriorityDefault { get; init; }
    /// <summary>2.0.x only: fatal_exceptions (default true).</summary>
    public bool FatalExceptions { get; init; }
    /// <summary>1.5.3 only: the library applies request_timeout_adjustment.</summary>
    public bool RequestTimeoutAdjustment { get; init; }
}
