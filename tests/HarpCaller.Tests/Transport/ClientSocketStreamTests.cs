using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using HarpCaller.Server;
using HarpCaller.Tests.Operations;

namespace HarpCaller.Tests.Transport;

public sealed class ClientSocketStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Read_ReturnsBytesAlreadyReceived_AndWaitsForLaterOnes()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server);
        await pair.Client.SendAsync("first\n"u8.ToArray());
        await Poll.UntilAsync(() => pair.Server.Available > 0, "the request reaching the server");

        var buffer = new byte[64];
        var read = stream.ReadAsync(buffer);
        Assert.True(read.IsCompletedSuccessfully, "bytes already received are returned without waiting");
        Assert.Equal("first\n", Encoding.ASCII.GetString(buffer, 0, await read));

        var later = stream.ReadAsync(buffer);
        Assert.False(later.IsCompleted);
        await pair.Client.SendAsync("second\n"u8.ToArray());
        Assert.Equal("second\n", Encoding.ASCII.GetString(buffer, 0, await later.AsTask().WaitAsync(Bound)));
    }

    [Fact]
    public async Task Read_AtEndOfStream_ReturnsZero()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server);
        pair.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task ReadDeadline_CoversEveryRead_SoATricklingPeerCannotStretchIt()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server);
        stream.SetReadDeadline(TimeSpan.FromMilliseconds(600));
        var clock = Stopwatch.StartNew();
        using var trickle = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            while (!trickle.IsCancellationRequested)
            {
                await pair.Client.SendAsync("x"u8.ToArray());
                await Task.Delay(100);
            }
        });
        var buffer = new byte[16];
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (true) _ = await stream.ReadAsync(buffer);
        });
        await trickle.CancelAsync();
        await sender;
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ClearedReadDeadline_LetsAReadWaitPastIt()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server);
        stream.SetReadDeadline(TimeSpan.FromMilliseconds(100));
        stream.SetReadDeadline(Timeout.InfiniteTimeSpan);
        var read = stream.ReadAsync(new byte[16]).AsTask();
        await Task.Delay(300);
        Assert.False(read.IsCompleted);
        await pair.Client.SendAsync("y"u8.ToArray());
        Assert.Equal(1, await read.WaitAsync(Bound));
    }

    [Fact]
    public async Task Read_IsCancelledByItsToken()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[16], cts.Token).AsTask().WaitAsync(Bound));
    }

    [Fact]
    public async Task SmallWrite_CompletesAtOnce_AndDisposeClosesGracefully()
    {
        using var pair = await SocketPair.ConnectAsync();
        var stream = new ClientSocketStream(pair.Server);
        var write = stream.WriteAsync("{\"reply\":1}\n"u8.ToArray());
        Assert.True(write.IsCompletedSuccessfully, "a small reply fits the send buffer");
        await stream.DisposeAsync();
        var (received, reset) = await pair.ReadClientToEndAsync(Bound);
        Assert.False(reset);
        Assert.Equal("{\"reply\":1}\n", Encoding.ASCII.GetString(received));
    }

    [Fact]
    public async Task LargeWrite_WaitsForTheReader_AndDeliversEveryByte()
    {
        using var pair = await SocketPair.ConnectAsync();
        var stream = new ClientSocketStream(pair.Server) { SendTimeout = TimeSpan.FromSeconds(30) };
        var payload = new byte[16 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        var write = stream.WriteAsync(payload).AsTask();
        var reading = pair.ReadClientToEndAsync(TimeSpan.FromSeconds(30));
        await write.WaitAsync(TimeSpan.FromSeconds(30));
        await stream.DisposeAsync();
        var (received, reset) = await reading;
        Assert.False(reset);
        Assert.True(payload.AsSpan().SequenceEqual(received));
    }

    [Fact]
    public async Task Write_ToAPeerThatStopsReading_TimesOut()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server) { SendTimeout = TimeSpan.FromMilliseconds(500) };
        var payload = new byte[64 * 1024 * 1024];
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.WriteAsync(payload).AsTask().WaitAsync(Bound));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Dispose_WithAReadWaiting_StillClosesGracefully()
    {
        // A get_result waiter watches for the client leaving while its reply is written.
        using var pair = await SocketPair.ConnectAsync();
        var stream = new ClientSocketStream(pair.Server);
        var watching = stream.ReadAsync(new byte[16]).AsTask();
        await stream.WriteAsync("{\"result\":42}\n"u8.ToArray());
        await stream.DisposeAsync();
        var (received, reset) = await pair.ReadClientToEndAsync(Bound);
        Assert.False(reset);
        Assert.Equal("{\"result\":42}\n", Encoding.ASCII.GetString(received));
        // The waiting read ends one way or another (end of stream, or closed): it never hangs.
        await Task.WhenAny(watching, Task.Delay(Bound));
        Assert.True(watching.IsCompleted);
    }

    [Fact]
    public async Task PeerReset_SurfacesAsIOException()
    {
        using var pair = await SocketPair.ConnectAsync();
        await using var stream = new ClientSocketStream(pair.Server);
        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();
        await Poll.UntilAsync(() => pair.Server.Poll(0, SelectMode.SelectRead), "the reset reaching the server");
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            // The reset may first show as end of stream on some kernels: a write then fails.
            if (await stream.ReadAsync(new byte[16]) == 0) await stream.WriteAsync(new byte[1024 * 1024]);
        });
    }

    [Fact]
    public async Task DisposedStream_FailsWithIOException()
    {
        using var pair = await SocketPair.ConnectAsync();
        var stream = new ClientSocketStream(pair.Server);
        await stream.DisposeAsync();
        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[16]).AsTask());
        await Assert.ThrowsAsync<IOException>(() => stream.WriteAsync(new byte[16]).AsTask());
    }
}
