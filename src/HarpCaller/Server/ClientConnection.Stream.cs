using System.Buffers;
using HarpCaller.Jobs;
using HarpCaller.Protocol;
using HarpCaller.Transport;

namespace HarpCaller.Server;

internal sealed partial class ClientConnection
{
    // Recorded packets are read from the store and sent in slices of this many,
    // so a long stream never sits in memory whole.
    private const int StoredSlice = 2048;

    // Replies are gathered up to about this size before a send.
    private const int FlushBytes = 64 * 1024;

    /// <summary>follow_stream (live) and read_stream (recorded only), spec 1.7 and 1.8.</summary>
    private async Task HandleStreamAsync(string jobId, long? since, long? recent, bool live)
    {
        if (!TryParseId(jobId, out var id))
        {
            await WriteAsync(ClientReplies.InvalidJobId()).ConfigureAwait(false);
            return;
        }
        // Streams read the store synchronously, in slices: not on a socket event thread.
        await ThreadPoolHop.Instance;
        // Several sends follow one another: Nagle's algorithm would hold each back for an ACK.
        _stream.SendImmediately();
        var output = new ArrayBufferWriter<byte>(FlushBytes + 4096);
        var job = Dispatcher.FindActive(id);
        if (job is not null && await StreamActiveAsync(job, since, recent, live, output).ConfigureAwait(false)) return;

        var record = Dispatcher.Store.GetJob(id);
        if (record is null)
        {
            await WriteAsync(ClientReplies.InvalidJobId()).ConfigureAwait(false);
            return;
        }
        var count = record.Packets;
        var start = StartPosition(since, recent, count, live);
        await SendStoredAsync(record.Seq, start, count, output).ConfigureAwait(false);
        if (record.Outcome is { } outcome) Append(output, outcome);
        else output.Write(ClientReplies.Continue());
        await FlushAsync(output).ConfigureAwait(false);
    }

    /// <summary>Streams a queued or running job; false if it turned out to have ended (the store serves it).</summary>
    private async Task<bool> StreamActiveAsync(ActiveJob job, long? since, long? recent, bool live, ArrayBufferWriter<byte> output)
    {
        var seq = job.Record.Seq;
        if (!live)
        {
            long committed;
            lock (job.Gate)
            {
                if (job.Ended) return false;
                committed = job.CommittedPackets;
            }
            await SendStoredAsync(seq, StartPosition(since, recent, committed, live: false), committed, output).ConfigureAwait(false);
            output.Write(ClientReplies.Continue());
            await FlushAsync(output).ConfigureAwait(false);
            return true;
        }

        var subscriber = new StreamSubscriber(_context.Limits.FollowerMailbox);
        // Subscribing under the job's gate gives an exact count: packets below it are in the
        // store, every packet from it on reaches the subscriber (or is found missing by position).
        var count = job.Subscribe(subscriber, out var ended);
        if (ended) return false;
        try
        {
            using var peerGone = WatchPeer();
            var next = StartPosition(since, recent, count, live: true);
            next = await SendStoredAsync(seq, next, count, output).ConfigureAwait(false);
            await FlushAsync(output).ConfigureAwait(false);

            var reader = subscriber.Reader;
            try
            {
                while (await reader.WaitToReadAsync(peerGone.Token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var packet))
                    {
                        if (packet.N < next) continue;
                        if (packet.N > next)
                        {
                            // The mailbox overflowed: fetch what was dropped from the store.
                            next = await SendStoredAsync(seq, next, packet.N, output).ConfigureAwait(false);
                        }
                        ClientReplies.WritePacket(output, packet.N, packet.Data, packet.Time);
                        next = packet.N + 1;
                        if (output.WrittenCount >= FlushBytes) await FlushAsync(output).ConfigureAwait(false);
                    }
                    await FlushAsync(output).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return true; // client left or dispatcher stopping
            }

            // The job ended: its end was committed after all its packets, so the count is final.
            var outcome = await job.Completion.ConfigureAwait(false);
            long final;
            lock (job.Gate) final = job.CommittedPackets;
            await SendStoredAsync(seq, next, final, output).ConfigureAwait(false);
            Append(output, outcome);
            await FlushAsync(output).ConfigureAwait(false);
            return true;
        }
        catch (ClientGoneException)
        {
            return true;
        }
        finally
        {
            job.Unsubscribe(subscriber);
        }
    }

    /// <summary>First packet to send: <c>since</c>, else the last <c>recent</c>, else the default
    /// (follow: only new packets; read: the whole stream).</summary>
    private static long StartPosition(long? since, long? recent, long count, bool live)
    {
        if (since is { } s) return s;
        if (recent is { } r) return Math.Max(0, count - r);
        return live ? count : 0;
    }

    /// <summary>Sends recorded packets [from, to) in slices; returns the next position.</summary>
    private async Task<long> SendStoredAsync(long seq, long from, long to, ArrayBufferWriter<byte> output)
    {
        var next = from;
        while (next < to)
        {
            var sliceEnd = Math.Min(to, next + StoredSlice);
            var position = next;
            Dispatcher.Store.ReadPackets(seq, next, sliceEnd, packet =>
            {
                ClientReplies.WritePacket(output, packet.N, packet.Data, packet.Time);
                position = packet.N + 1;
                return true;
            });
            // A slice with fewer packets than asked would mean a hole in the store; never loop on it.
            next = Math.Max(position, sliceEnd);
            if (output.WrittenCount >= FlushBytes) await FlushAsync(output).ConfigureAwait(false);
        }
        return Math.Max(next, from);
    }

    private static void Append(ArrayBufferWriter<byte> output, byte[] outcome)
    {
        output.Write(outcome);
        output.Write(Newline);
    }

    private async ValueTask FlushAsync(ArrayBufferWriter<byte> output)
    {
        if (output.WrittenCount == 0) return;
        await WriteAsync(output.WrittenMemory).ConfigureAwait(false);
        output.ResetWrittenCount();
    }
}
