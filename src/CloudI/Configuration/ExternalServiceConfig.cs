namespace CloudI.Configuration;

/// <summary>
/// An external service: an executable using a CloudI API library. Strings are kept as
/// configured; <c>$VAR</c> substitution happens when the OS processes are spawned.
/// </summary>
public sealed record ExternalServiceConfig : ServiceConfig
{
    /// <summary>The default <c>buffer_size</c> of CloudI 2.0.x, in bytes.</summary>
    public const int DefaultBufferSize = 65536;

    /// <summary>The default <c>buffer_size</c> of CloudI 1.5.3 (a service with <c>{api_version, "1.5.3"}</c>), in bytes.</summary>
    public const int DefaultBufferSize153 = 16384;

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

    /// <summary>The socket buffer size in bytes as configured; null for <c>default</c> (see <see cref="EffectiveBufferSize"/>).</summary>
    public int? BufferSize { get; init; }

    /// <summary>
    /// The buffer size in use: the configured one, or the default of the service's wire layout
    /// (spec §1.3: 65536 for 2.0.x, 16384 for 1.5.3).
    /// </summary>
    public int EffectiveBufferSize => BufferSize ?? (Options.ApiVersion == "1.5.3" ? DefaultBufferSize153 : DefaultBufferSize);

    /// <summary>Threads (API instances) per OS process.</summary>
    public ProcessCount CountThread { get; init; } = ProcessCount.Exactly(1);
}
