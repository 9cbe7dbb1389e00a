using System.Net.Sockets;
using System.Text;

namespace HarpCaller.Tests.Control;

/// <summary>A raw control-socket connection: writes request lines, reads reply lines.</summary>
internal sealed class ControlClient : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private ControlClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public static async Task<ControlClient> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path)).WaitAsync(Bound);
        return new ControlClient(socket);
    }

    /// <summary>One request on a fresh connection.</summary>
    public static async Task<string> RequestOnceAsync(string path, string request)
    {
        await using var client = await ConnectAsync(path);
        return await client.RequestAsync(request);
    }

    public async Task<string> RequestAsync(string request)
    {
        await SendRawAsync(Encoding.UTF8.GetBytes(request + "\n"));
        return await ReadLineAsync() ?? throw new IOException("connection closed without a reply");
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Bound);

    public async Task<string?> ReadLineAsync() => await _reader.ReadLineAsync().WaitAsync(Bound);

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
