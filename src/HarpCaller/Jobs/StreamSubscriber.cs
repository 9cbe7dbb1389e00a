using System.Threading.Channels;

namespace HarpCaller.Jobs;

/// <summary>
/// A follower's mailbox of live packets. Bounded: a follower that falls behind loses live
/// items here but notices the gap by position and reads the missing packets from the store,
/// so it still gets every packet exactly once, in order.
/// </summary>
internal sealed class StreamSubscriber(int capacity)
{
    private readonly Channel<StoredPacket> _channel = Channel.CreateBounded<StoredPacket>(
        new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });

    public ChannelReader<StoredPacket> Reader => _channel.Reader;

    /// <summary>Called under the job's gate, in packet order.</summary>
    public void Offer(StoredPacket packet) => _channel.Writer.TryWrite(packet);

    /// <summary>The job ended; the follower drains what is left and then reads the tail from the store.</summary>
    public void Close() => _channel.Writer.TryComplete();
}
