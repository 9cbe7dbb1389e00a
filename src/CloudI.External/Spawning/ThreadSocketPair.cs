using System.Net;
using System.Net.Sockets;

namespace CloudI.External.Spawning;

/// <summary>
/// One pre-connected thread socket (protocol spec §1.2 option B): the runtime keeps
/// <see cref="RuntimeEnd"/>, the child inherits <see cref="ChildEnd"/> as fd <c>3 + i</c>.
/// Both ends are close-on-exec; <see cref="ExternalProcessSpawner"/> places the child end
/// explicitly. The child end is blocking (the libraries do blocking I/O on it).
/// </summary>
public sealed class ThreadSocketPair : IDisposable
{
    private ThreadSocketPair(ThreadSocketProtocol protocol, Socket runtimeEnd, FileDescriptorHandle childEnd)
    {
        Protocol = protocol;
        RuntimeEnd = runtimeEnd;
        ChildEnd = childEnd;
    }

    /// <summary>The protocol both ends speak.</summary>
    public ThreadSocketProtocol Protocol { get; }

    /// <summary>The runtime's end; buffers set to the requested buffer size.</summary>
    public Socket RuntimeEnd { get; }

    /// <summary>The child's end; pass it in <see cref="SpawnRequest.ThreadDescriptors"/>.</summary>
    public FileDescriptorHandle ChildEnd { get; }

    /// <summary>Creates a connected pair for <paramref name="protocol"/>.</summary>
    /// <param name="protocol">The transport.</param>
    /// <param name="bufferSize">SO_SNDBUF/SO_RCVBUF of the runtime end (CLOUDI_API_INIT_BUFFER_SIZE).</param>
    public static ThreadSocketPair Create(ThreadSocketProtocol protocol, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        var pair = protocol switch
        {
            ThreadSocketProtocol.Local => CreateLocal(),
            ThreadSocketProtocol.Tcp => CreateTcp(),
            ThreadSocketProtocol.Udp => CreateUdp(),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
        };
        try
        {
            pair.RuntimeEnd.SendBufferSize = bufferSize;
            pair.RuntimeEnd.ReceiveBufferSize = bufferSize;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
        return pair;
    }

    /// <summary>Closes the child end in this process (after spawning); idempotent.</summary>
    public void CloseChildEnd() => ChildEnd.Dispose();

    /// <summary>Closes both ends; idempotent.</summary>
    public void Dispose()
    {
        ChildEnd.Dispose();
        RuntimeEnd.Dispose();
    }

    private static unsafe ThreadSocketPair CreateLocal()
    {
        int* sv = stackalloc int[2];
        if (Libc.SocketPair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, sv) != 0)
            throw Libc.Failure("socketpair", Libc.LastErrno);
        var child = new FileDescriptorHandle(sv[1]);
        try
        {
            return new ThreadSocketPair(ThreadSocketProtocol.Local, WrapSocket(sv[0]), child);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private static ThreadSocketPair CreateTcp()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var child = NewLoopbackSocket(Libc.SOCK_STREAM);
        try
        {
            SetNoDelay(child.Fd);
            // Blocking connect completes once the kernel queued the connection (backlog 1).
            ConnectLoopback(child.Fd, ((IPEndPoint)listener.LocalEndPoint!).Port);
            var runtime = listener.Accept();
            runtime.NoDelay = true;
            return new ThreadSocketPair(ThreadSocketProtocol.Tcp, runtime, child);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private static unsafe ThreadSocketPair CreateUdp()
    {
        var runtime = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        FileDescriptorHandle? child = null;
        try
        {
            runtime.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            child = NewLoopbackSocket(Libc.SOCK_DGRAM);
            var addr = Loopback(0);
            if (Libc.Bind(child.Fd, &addr, (uint)sizeof(Libc.SockAddrIn)) != 0)
                throw Libc.Failure("bind", Libc.LastErrno);
            uint len = (uint)sizeof(Libc.SockAddrIn);
            if (Libc.GetSockName(child.Fd, &addr, &len) != 0)
                throw Libc.Failure("getsockname", Libc.LastErrno);
            runtime.Connect(new IPEndPoint(IPAddress.Loopback, ushort.RotateLeft(addr.Port, 8)));
            ConnectLoopback(child.Fd, ((IPEndPoint)runtime.LocalEndPoint!).Port);
            return new ThreadSocketPair(ThreadSocketProtocol.Udp, runtime, child);
        }
        catch
        {
            child?.Dispose();
            runtime.Dispose();
            throw;
        }
    }

    private static Socket WrapSocket(int fd)
    {
        var handle = new System.Net.Sockets.SafeSocketHandle(new IntPtr(fd), ownsHandle: true);
        try
        {
            return new Socket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileDescriptorHandle NewLoopbackSocket(int type)
    {
        int fd = Libc.Socket(Libc.AF_INET, type | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw Libc.Failure("socket", Libc.LastErrno);
        return new FileDescriptorHandle(fd);
    }

    private static unsafe void SetNoDelay(int fd)
    {
        int one = 1;
        if (Libc.SetSockOpt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, &one, sizeof(int)) != 0)
            throw Libc.Failure("setsockopt(TCP_NODELAY)", Libc.LastErrno);
    }

    private static unsafe void ConnectLoopback(int fd, int port)
    {
        var addr = Loopback(port);
        if (Libc.Connect(fd, &addr, (uint)sizeof(Libc.SockAddrIn)) != 0)
            throw Libc.Failure("connect", Libc.LastErrno);
    }

    private static Libc.SockAddrIn Loopback(int port) => new()
    {
        Family = Libc.AF_INET,
        Port = ushort.RotateLeft((ushort)port, 8),
        Addr = (uint)IPAddress.HostToNetworkOrder(0x7F000001),
    };
}
