using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace CloudI.Api.Tests.Wire;

/// <summary>
/// The runtime's end of one thread socket, driven by hand: tests queue runtime messages before
/// calling the (blocking) API and then check the exact bytes the library wrote.
/// </summary>
internal sealed class FakeRuntime : IDisposable
{
    private readonly Socket _socket;
    private readonly bool _datagram;

    private FakeRuntime(Socket runtimeEnd, bool datagram)
    {
        _socket = runtimeEnd;
        _socket.ReceiveTimeout = 10000;
        _datagram = datagram;
    }

    /// <summary>A connected pair; the library's end is handed to <see cref="Connect"/>.</summary>
    public static (FakeRuntime Runtime, Socket LibraryEnd) Pair(ApiProtocol protocol)
    {
        switch (protocol)
        {
            case ApiProtocol.Udp:
            {
                var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                a.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                b.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                a.Connect(b.LocalEndPoint!);
                b.Connect(a.LocalEndPoint!);
                return (new FakeRuntime(a, datagram: true), b);
            }

            case ApiProtocol.Tcp:
            {
                using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(1);
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                client.Connect(listener.LocalEndPoint!);
                return (new FakeRuntime(listener.Accept(), datagram: false), client);
            }

            default:
            {
                string path = Path.Combine(Path.GetTempPath(), $"cloudi_api_test_{Guid.NewGuid():N}");
                using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listener.Bind(new UnixDomainSocketEndPoint(path));
                listener.Listen(1);
                var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                client.Connect(new UnixDomainSocketEndPoint(path));
                Socket accepted = listener.Accept();
                File.Delete(path);
                return (new FakeRuntime(accepted, datagram: false), client);
            }
        }
    }

    /// <summary>A library connected to a fake runtime that answered INIT (<paramref name="init"/>, default V1).</summary>
    public static (FakeRuntime Runtime, CloudIApi Api) Connect(ApiProtocol protocol = ApiProtocol.Local,
        ApiWireVersion version = ApiWireVersion.Version20, byte[]? init = null)
    {
        (FakeRuntime runtime, Socket library) = Pair(protocol);
        runtime.Write(init ?? (version == ApiWireVersion.Version20 ? Vectors.V1Init20 : Vectors.V2Init153));
        var api = new CloudIApi(library, protocol, 65536, new CloudIApiOptions { WireVersion = version });
        Assert.Equal(Vectors.V9Init, runtime.Read());
        return (runtime, api);
    }

    /// <summary>Writes one runtime message (framed for streams).</summary>
    public void Write(params byte[][] messagesInOneFrame)
    {
        byte[] payload = [.. messagesInOneFrame.SelectMany(m => m)];
        if (_datagram)
        {
            _socket.Send(payload);
            return;
        }

        byte[] frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame, 4);
        _socket.Send(frame);
    }

    /// <summary>Writes raw bytes (to split or coalesce frames on purpose).</summary>
    public void WriteRaw(byte[] bytes) => _socket.Send(bytes);

    /// <summary>Reads the next message the library sent (an ETF payload).</summary>
    public byte[] Read()
    {
        if (_datagram)
        {
            byte[] buffer = new byte[65536];
            int n = _socket.Receive(buffer);
            return buffer[..n];
        }

        byte[] header = ReadExactly(4);
        return ReadExactly((int)BinaryPrimitives.ReadUInt32BigEndian(header));
    }

    /// <summary>True when the library has sent nothing more (within a short wait).</summary>
    public bool Quiet(int ms = 100) => !_socket.Poll(ms * 1000, SelectMode.SelectRead);

    public void Close() => _socket.Shutdown(SocketShutdown.Both);

    public void Dispose() => _socket.Dispose();

    private byte[] ReadExactly(int count)
    {
        byte[] data = new byte[count];
        int have = 0;
        while (have < count)
        {
            int n = _socket.Receive(data.AsSpan(have));
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            have += n;
        }

        return data;
    }
}
