using System.Text;

namespace CloudI.External.Protocol;

/// <summary>
/// Hands out unique Source pid identities (28 bits of id ≤ 0x7FFF and serial ≤ 0x1FFF) for one node and
/// creation, so a restarted thread never reuses an identity and late responses to the old one can be
/// dropped (spec §3.2). Thread-safe and lock-free.
/// </summary>
public sealed class ExternalPidAllocator
{
    /// <summary>Number of distinct identities available per node and creation (2^28).</summary>
    public const long Capacity = 1L << 28;

    private readonly byte[] _node;
    private long _next;

    /// <summary>Creates an allocator for <paramref name="node"/> (e.g. <c>cloudi@localhost</c>) and <paramref name="creation"/> (0..3).</summary>
    public ExternalPidAllocator(string node, uint creation = 1)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = Encoding.Latin1.GetBytes(node);
        if (_node.Length is 0 or > 255)
            throw new ArgumentException("node name must be 1..255 bytes", nameof(node));
        if (Encoding.Latin1.GetString(_node) != node)
            throw new ArgumentException("node name must be Latin-1", nameof(node));
        if (creation > ExternalPid.MaxCreation)
            throw new ArgumentOutOfRangeException(nameof(creation), "creation must be 0..3");
        Creation = creation;
    }

    /// <summary>The creation given to every allocated pid.</summary>
    public uint Creation { get; }

    /// <summary>How many identities have been handed out so far.</summary>
    public long Allocated => Math.Min(Interlocked.Read(ref _next), Capacity);

    /// <summary>Returns a pid whose (id, serial) was never returned before by this allocator.</summary>
    /// <exception cref="InvalidOperationException">All 2^28 identities are used.</exception>
    public ExternalPid Allocate()
    {
        long n = Interlocked.Increment(ref _next) - 1;
        if (n >= Capacity)
            throw new InvalidOperationException("all 2^28 pid identities of this node/creation are used");
        uint id = (uint)(n & ExternalPid.MaxId);
        uint serial = (uint)(n >> 15);
        return new ExternalPid(_node, id, serial, Creation);
    }
}
