using System.Diagnostics;
using System.Net.Sockets;
using CloudI.External.Hosting;
using CloudI.External.Spawning;

namespace CloudI.External.Tests.Hosting;

/// <summary>
/// The runtime's writer of one thread socket: messages go out whole and in order, a caller never
/// waits for a library that does not read (the rest waits in a backlog), and a dead socket is
/// reported to later writers.
/// </summary>
public sealed class ThreadSocketWriterTests
{
    private const int Buffer = 8192;

    [Fact]
    public void SmallMessagesGoOutAtOnceAndInOrder()
    {
        // The kernel charges each small message's bookkeeping to the buffer, not only its bytes.
        using var pair = new Pair(ThreadSocketProtocol.Local, 65536);
        var writer = new ThreadSocketWriter(pair.Runtime, datagram: false, "test-writer");
        for (byte k = 0; k < 100; k++)
        {
            writer.Write([k, k, k]);
        }

        Assert.Equal(0, writer.BacklogCount);
        byte[] received = pair.ReadChild(300);
        for (int k = 0; k < 100; k++)
        {
            Assert.Equal([(byte)k, (byte)k, (byte)k], received.AsSpan(3 * k, 3).ToArray());
        }
    }

    [Fact]
    public void ACallerNeverWaitsForALibraryThatDoesNotRead()
    {
        using var pair = new Pair(ThreadSocketProtocol.Local);
        var writer = new ThreadSocketWriter(pair.Runtime, datagram: false, "test-writer");
        byte[][] messages = [.. Enumerable.Range(0, 40).Select(k => Enumerable.Repeat((byte)k, 10_000).ToArray())];

        // 400 kB into socket buffers of a few kB: a blocking send would hang here.
        var watch = Stopwatch.StartNew();
        foreach (byte[] message in messages)
        {
            writer.Write(message);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"writes took {watch.Elapsed}");
        Assert.True(writer.BacklogCount > 0, "nothing waited although the library did not read");

        // Once the library reads, everything arrives, whole and in order, and the backlog drains.
        byte[] received = pair.ReadChild(messages.Sum(m => m.Length));
        Assert.Equal(messages.SelectMany(m => m).ToArray(), received);
        SpinWait.SpinUntil(() => writer.BacklogCount == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, writer.BacklogCount);

        // The writer is direct again.
        writer.Write([1, 2, 3]);
        Assert.Equal([1, 2, 3], pair.ReadChild(3));
    }

    [Fact]
    public void AWriteToAClosedPeerThrows()
    {
        using var pair = new Pair(ThreadSocketProtocol.Local);
        var writer = new ThreadSocketWriter(pair.Runtime, datagram: false, "test-writer");
        pair.CloseChild();
        Assert.Throws<SocketException>(() => writer.Write([1, 2, 3]));
    }

    [Fact]
    public void ClosingTheSocketEndsTheBacklogAndLaterWritesThrow()
    {
        using var pair = new Pair(ThreadSocketProtocol.Local);
        var writer = new ThreadSocketWriter(pair.Runtime, datagram: false, "test-writer");
        for (int k = 0; k < 20; k++)
        {
            writer.Write(new byte[10_000]);
        }

        Assert.True(writer.BacklogCount > 0);
        pair.Runtime.Dispose();
        Assert.True(SpinWait.SpinUntil(() => writer.BacklogCount == 0, TimeSpan.FromSeconds(10)),
            "the flusher did not notice the closed socket");
        Assert.ThrowsAny<Exception>(() => writer.Write([1]));
    }

    [Fact]
    public void DatagramsGoOutWhole()
    {
        using var pair = new Pair(ThreadSocketProtocol.Udp);
        var writer = new ThreadSocketWriter(pair.Runtime, datagram: true, "test-writer");
        writer.Write([1, 2, 3]);
        writer.Write(new byte[1000]);
        byte[] buffer = new byte[2000];
        Assert.Equal(3, pair.Child.Receive(buffer));
        Assert.Equal(1000, pair.Child.Receive(buffer));
    }

    /// <summary>A thread socket pair with small buffers; the child end as a socket of its own.</summary>
    private sealed class Pair : IDisposable
    {
        private readonly ThreadSocketPair _pair;

        public Pair(ThreadSocketProtocol protocol, int bufferSize = Buffer)
        {
            _pair = ThreadSocketPair.Create(protocol, bufferSize);
            Child = new Socket(new SafeSocketHandle(new IntPtr(_pair.ChildEnd.Fd), ownsHandle: false))
            {
                ReceiveTimeout = 10_000,
                ReceiveBufferSize = Buffer,
            };
        }

        public Socket Runtime => _pair.RuntimeEnd;

        public Socket Child { get; }

        public byte[] ReadChild(int count)
        {
            byte[] data = new byte[count];
            int have = 0;
            while (have < count)
            {
                int n = Child.Receive(data.AsSpan(have));
                Assert.NotEqual(0, n);
                have += n;
            }

            return data;
        }

        public void CloseChild()
        {
            Child.Dispose();
            _pair.CloseChildEnd();
        }

        public void Dispose()
        {
            Child.Dispose();
            _pair.Dispose();
        }
    }
}
