namespace Erlang.Terms;

/// <summary>Limits of the external term format decoder, which reads untrusted input.</summary>
public sealed class ErlangExternalFormatOptions
{
    /// <summary>The defaults.</summary>
    public static ErlangExternalFormatOptions Default { get; } = new();

    /// <summary>
    /// Deepest nesting of tuples, lists (each improper tail counts as a level), maps and the
    /// terms inside pids (default 1000: CloudI messages nest a few levels; the decoder recurses).
    /// </summary>
    public int MaxDepth { get; init; } = 1000;

    /// <summary>
    /// Largest uncompressed size a compressed term (tag 80) may declare (default 64 MiB: the
    /// size is allocated before inflating, so it bounds what a small hostile input can cost).
    /// </summary>
    public int MaxDecompressedSize { get; init; } = 64 << 20;

    /// <summary>
    /// Most magnitude bytes of a big integer (default 1024, i.e. 8192 bits: CloudI sends at most
    /// 64-bit values, and big-integer arithmetic downstream is super-linear).
    /// </summary>
    public int MaxBigIntegerBytes { get; init; } = 1024;
}
