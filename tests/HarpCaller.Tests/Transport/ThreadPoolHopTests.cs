using System.Net;
using System.Net.Sockets;
using HarpCaller.Transport;

namespace HarpCaller.Tests.Transport;

public sealed class ThreadPoolHopTests
{
    [Fact]
    public async Task FromAThreadOutsideThePool_ContinuesOnAPoolThread()
    {
        var result = new TaskCompletionSource<(bool Before, bool After)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => _ = HopAsync(result)) { IsBackground = true };
        thread.Start();
        var (before, after) = await result.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(before);
        Assert.True(after);

        static async Task HopAsync(TaskCompletionSource<(bool, bool)> result)
        {
            var before = Thread.CurrentThread.IsThreadPoolThread;
            await ThreadPoolHop.Instance;
            result.SetResult((before, Thread.CurrentThread.IsThreadPoolThread));
        }
    }

    [Fact]
    public async Task OnAPoolThread_ContinuesAtOnceOnTheSameThread()
    {
        var (before, after) = await Task.Run(async () =>
        {
            var id = Environment.CurrentManagedThreadId;
            var awaiter = ThreadPoolHop.Instance.GetAwaiter();
            Assert.True(awaiter.IsCompleted);
            await ThreadPoolHop.Instance;
            return (id, Environment.CurrentManagedThreadId);
        });
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ThreadPoolNetworkStream_CarriesBytesBothWays()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var server = await accepting;
        await using var stream = new ThreadPoolNetworkStream(server, ownsSocket: false);

        var buffer = new byte[8];
        var pending = stream.ReadAsync(buffer).AsTask();
        await client.SendAsync("ping"u8.ToArray());
        Assert.Equal(4, await pending.WaitAsync(TimeSpan.FromSeconds(10)));
        await stream.WriteAsync("pong"u8.ToArray());
        var reply = new byte[8];
        Assert.Equal(4, await client.ReceiveAsync(reply).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("pong"u8.ToArray(), reply[..4]);
    }
}
