using System.Globalization;

namespace CloudI.External.Launch;

/// <summary>
/// The eight <c>CLOUDI_API_INIT_*</c> variables every external process gets, whatever the wire flavour
/// (spec §1.3). They override configured env entries of the same name and are visible to substitution.
/// </summary>
public sealed record ApiInitVariables
{
    /// <summary>Variable names, in the order they are appended to the environment.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "CLOUDI_API_INIT_THREAD_COUNT",
        "CLOUDI_API_INIT_PROTOCOL",
        "CLOUDI_API_INIT_BUFFER_SIZE",
        "CLOUDI_API_INIT_TIMEOUT_INITIALIZE",
        "CLOUDI_API_INIT_TIMEOUT_TERMINATE",
        "CLOUDI_API_INIT_PROCESS_INDEX",
        "CLOUDI_API_INIT_PROCESS_COUNT_MAX",
        "CLOUDI_API_INIT_PROCESS_COUNT_MIN",
    ];

    /// <summary>count_thread.</summary>
    public required int ThreadCount { get; init; }

    /// <summary><c>local</c>, <c>tcp</c>, <c>udp</c>; <c>default</c> is written as <c>local</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>Buffer size in bytes (default 16384 for 1.5.3, 65536 for 2.0.x).</summary>
    public required int BufferSize { get; init; }

    /// <summary>timeout_init in ms.</summary>
    public required uint TimeoutInitialize { get; init; }

    /// <summary>The configured/derived timeout_terminate in ms (not reduced by 500).</summary>
    public required uint TimeoutTerminate { get; init; }

    /// <summary>This OS process's index.</summary>
    public required int ProcessIndex { get; init; }

    /// <summary>count_process or the count_process_dynamic maximum.</summary>
    public required int ProcessCountMax { get; init; }

    /// <summary>count_process or the count_process_dynamic minimum.</summary>
    public required int ProcessCountMin { get; init; }

    /// <summary>The value of one of the eight variables, or null if <paramref name="name"/> is not one of them.</summary>
    public string? Lookup(string name) => name switch
    {
        "CLOUDI_API_INIT_THREAD_COUNT" => Text(ThreadCount),
        "CLOUDI_API_INIT_PROTOCOL" => Protocol == "default" ? "local" : Protocol,
        "CLOUDI_API_INIT_BUFFER_SIZE" => Text(BufferSize),
        "CLOUDI_API_INIT_TIMEOUT_INITIALIZE" => Text(TimeoutInitialize),
        "CLOUDI_API_INIT_TIMEOUT_TERMINATE" => Text(TimeoutTerminate),
        "CLOUDI_API_INIT_PROCESS_INDEX" => Text(ProcessIndex),
        "CLOUDI_API_INIT_PROCESS_COUNT_MAX" => Text(ProcessCountMax),
        "CLOUDI_API_INIT_PROCESS_COUNT_MIN" => Text(ProcessCountMin),
        _ => null,
    };

    /// <summary>The eight variables as <c>KEY=VALUE</c> strings.</summary>
    public IEnumerable<string> ToEntries()
    {
        foreach (string name in Names)
            yield return name + "=" + Lookup(name);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
