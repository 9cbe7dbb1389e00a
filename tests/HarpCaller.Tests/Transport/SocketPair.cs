using System.Net;
using System.Net.Sockets;

namespace HarpCaller.Tests.Transport;

/// <summary>A real loopback TCP connection: the accepted (server) end and the connecting (client) end.</summary>
internal sealed class SocketPair : IDisposable
{
    private SocketPair(Socket server, Socket client)
    {
        Server = server;
        Client = client;
    }

    public Socket Server { get; }

    public Socket Client { get; }

    public static async Task<SocketPair> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return new SocketPair(await accepting, client);
    }

    /// <summary>Reads on the client end until the server closes; true if it closed with a reset.</summary>
    public async Task<(byte[] Received, bool Reset)> ReadClientToEndAsync(TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await Client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0) return (all.ToArray(), false);
                all.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return (all.ToArray(), true);
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
