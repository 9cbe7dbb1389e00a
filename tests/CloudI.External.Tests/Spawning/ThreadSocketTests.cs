using System.Net.Sockets;
using System.Text;
using CloudI.External.Spawning;

namespace CloudI.External.Tests.Spawning;

[Collection("Spawning")]
public sealed class ThreadSocketTests
{
    /// <summary>
    /// The child checks fd 3+i: right family/type, connected, inheritable (no FD_CLOEXEC),
    /// blocking; says hello on each, then echoes what the runtime sends.
    /// </summary>
    private const string ChildCode = """
        import os, socket, sys
        n, proto = int(sys.argv[1]), sys.argv[2]
        fam = socket.AF_UNIX if proto == "local" else socket.AF_INET
        typ = socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM
        socks = []
        for i in range(n):
            fd = 3 + i
            assert os.get_inheritable(fd), "fd %d is close-on-exec" % fd
            assert os.get_blocking(fd), "fd %d is non-blocking" % fd
            s = socket.socket(fileno=os.dup(fd))
            assert s.family == fam and s.type == typ, (fd, s.family, s.type)
            if proto != "local":
                assert s.getpeername()[0] == "127.0.0.1", s.getpeername()
            else:
                s.getpeername()
            if proto == "tcp":
                assert s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            socks.append(s)
        for i, s in enumerate(socks):
            os.write(3 + i, b"hello %d\n" % i)
        for i, s in enumerate(socks):
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(100)
                assert chunk
                data += chunk
            s.send(b"echo " + data)
        print("done")
        """;

    [Theory]
    [InlineData(ThreadSocketProtocol.Local, 1)]
    [InlineData(ThreadSocketProtocol.Local, 4)]
    [InlineData(ThreadSocketProtocol.Tcp, 1)]
    [InlineData(ThreadSocketProtocol.Tcp, 4)]
    [InlineData(ThreadSocketProtocol.Udp, 1)]
    [InlineData(ThreadSocketProtocol.Udp, 4)]
    public async Task ChildSeesConnectedSocketsAtFd3Onwards(ThreadSocketProtocol protocol, int count)
    {
        var pairs = Enumerable.Range(0, count).Select(_ => ThreadSocketPair.Create(protocol, 65536)).ToList();
        try
        {
            var run = new ChildRun();
            var request = run.Py(ChildCode, [count.ToString(), protocol.ToString().ToLowerInvariant()]) with
            {
                ThreadDescriptors = pairs.Select(p => p.ChildEnd).ToList(),
            };
            await using var process = run.Spawn(request);
            Assert.All(pairs, p => Assert.True(p.ChildEnd.IsClosed)); // closed in the parent

            for (int i = 0; i < count; i++)
                Assert.Equal($"hello {i}\n", await ReceiveAsync(pairs[i].RuntimeEnd));
            for (int i = 0; i < count; i++)
                await pairs[i].RuntimeEnd.SendAsync(Encoding.ASCII.GetBytes($"ping {i}\n"));
            for (int i = 0; i < count; i++)
                Assert.Equal($"echo ping {i}\n", await ReceiveAsync(pairs[i].RuntimeEnd));

            var status = await process.Exited.WaitAsync(ChildRun.Timeout);
            Assert.True(status.Code == 0, string.Join("\n", run.Stderr));
            Assert.Equal(["done"], run.Stdout);
        }
        finally
        {
            pairs.ForEach(p => p.Dispose());
        }
    }

    [Theory]
    [InlineData(ThreadSocketProtocol.Local)]
    [InlineData(ThreadSocketProtocol.Tcp)]
    [InlineData(ThreadSocketProtocol.Udp)]
    public void RuntimeEndHasTheRequestedBuffers(ThreadSocketProtocol protocol)
    {
        using var pair = ThreadSocketPair.Create(protocol, 100_000);
        // Linux doubles the requested value.
        Assert.True(pair.RuntimeEnd.SendBufferSize >= 100_000);
        Assert.True(pair.RuntimeEnd.ReceiveBufferSize >= 100_000);
        Assert.True(pair.RuntimeEnd.Connected || protocol == ThreadSocketProtocol.Udp);
        if (protocol == ThreadSocketProtocol.Tcp) Assert.True(pair.RuntimeEnd.NoDelay);
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(ChildRun.Timeout);
        var buffer = new byte[256];
        var text = new StringBuilder();
        do
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            Assert.True(n > 0, "unexpected EOF");
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        while (text[^1] != '\n');
        return text.ToString();
    }
}
