namespace CloudI.Configuration;

/// <summary>
/// An external service: an executable using a CloudI API library. Strings are kept as
/// configured; <c>$VAR</c> substitution happens when the OS processes are spawned.
/// </summary>
public sealed record ExternalServiceConfig : ServiceConfig
{
    /// <summary>The default <c>buffer_size</c> of CloudI 1.5.3, in bytes.</summary>
    public const int DefaultBufferSize = 16384;

    /// <summary>The smallest <c>buffer_size</c> CloudI accepts, in bytes.</summary>
    public const int MinBufferSize = 1024;

    /// <summary>The executable's path.</summary>
    public string FilePath { get; init; } = string.Empty;

    /// <summary>The command-line argument string, as given.</summary>
    public string Args { get; init; } = string.Empty;

    /// <summary>The configured environment entries (name, value), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>The socket type of the threads (<c>default</c> is local).</summary>
    public ExternalProtocol Protocol { get; init; } = ExternalProtocol.Local;

    /// <summary>The socket buffer size in bytes (default 16384).</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>Threads (API instances) per OS process.</summary>
    public ProcessCount CountThread { get; init; } = ProcessCount.Exactly(1);
}
