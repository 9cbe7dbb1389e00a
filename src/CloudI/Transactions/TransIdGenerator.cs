using System.Text;

namespace CloudI.Transactions;

/// <summary>
/// Generates the TransIds of one dispatcher (§10) with the default <c>erlang</c> timestamp
/// type: each id's timestamp is strictly greater than the previous one, even if the clock
/// stands still or goes back (the previous value plus one is used then). Thread-safe.
/// </summary>
public sealed class TransIdGenerator
{
    private static int s_lastSubscriberId;

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private ulong _last;

    /// <summary>Creates a generator.</summary>
    /// <param name="clock">The time source; tests pass a controllable one.</param>
    /// <param name="runtimeNode">16 bits identifying the runtime node (see <see cref="RuntimeNodeId"/>).</param>
    /// <param name="subscriberId">32 bits identifying the generating subscriber (see <see cref="NextSubscriberId"/>).</param>
    /// <param name="resolution">The flavour's clock resolution.</param>
    /// <param name="clockSequence">The 14-bit clock sequence; random when null.</param>
    public TransIdGenerator(
        TimeProvider clock,
        ushort runtimeNode,
        uint subscriberId,
        TransIdResolution resolution = TransIdResolution.Microseconds,
        int? clockSequence = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clockSequence is < 0 or > 0x3FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(clockSequence), clockSequence, "must fit in 14 bits");
        }

        _clock = clock;
        Resolution = resolution;
        Node = ((ulong)runtimeNode << 32) | subscriberId;
        ClockSequence = clockSequence ?? Random.Shared.Next(0x4000);
    }

    /// <summary>The 48-bit node field of every id: runtime node (16 bits) then subscriber (32 bits).</summary>
    public ulong Node { get; }

    /// <summary>The 14-bit clock sequence chosen at creation.</summary>
    public int ClockSequence { get; }

    /// <summary>The clock resolution.</summary>
    public TransIdResolution Resolution { get; }

    /// <summary>
    /// A 16-bit runtime node id folded from a stable hash of <paramref name="nodeName"/> (and,
    /// optionally, a hardware address), the same in every process that uses the same inputs.
    /// </summary>
    /// <param name="nodeName">The runtime's node name.</param>
    /// <param name="hardwareAddress">E.g. the first MAC address; may be empty.</param>
    public static ushort RuntimeNodeId(string nodeName, ReadOnlySpan<byte> hardwareAddress = default)
    {
        ArgumentNullException.ThrowIfNull(nodeName);

        // FNV-1a, because string.GetHashCode is randomised per process and would not be stable.
        uint hash = 2166136261;
        foreach (byte b in hardwareAddress)
        {
            hash = (hash ^ b) * 16777619;
        }

        foreach (byte b in Encoding.UTF8.GetBytes(nodeName))
        {
            hash = (hash ^ b) * 16777619;
        }

        return (ushort)(hash ^ (hash >> 16));
    }

    /// <summary>A subscriber id distinct from every other one this process handed out.</summary>
    public static uint NextSubscriberId() => unchecked((uint)Interlocked.Increment(ref s_lastSubscriberId));

    /// <summary>The next id, its timestamp strictly greater than every earlier one of this generator.</summary>
    public TransId Next()
    {
        // UtcTicks are 100 ns since 0001-01-01; shifting to the Unix epoch keeps the unit.
        long unixTicks = _clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (Resolution == TransIdResolution.Microseconds)
        {
            unixTicks -= unixTicks % 10;
        }

        ulong now = (ulong)Math.Max(unixTicks, 0) + TransId.GregorianToUnixOffset;
        ulong timestamp;
        lock (_gate)
        {
            timestamp = now > _last ? now : _last + 1;
            _last = timestamp;
        }

        return TransId.Create(timestamp, ClockSequence, Node);
    }
}
