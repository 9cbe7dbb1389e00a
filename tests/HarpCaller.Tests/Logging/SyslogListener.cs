using System.Net.Sockets;
using System.Text;

namespace HarpCaller.Tests.Logging;

/// <summary>A real Unix datagram socket bound at a path, standing for syslogd's /dev/log.</summary>
internal sealed class SyslogListener : IDisposable
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private readonly Socket _socket;

    public SyslogListener(string path)
    {
        Path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    public string Path { get; }

    /// <summary>The next datagram, waiting up to five seconds.</summary>
    public byte[] Receive()
    {
        Assert.True(TryReceive(TimeSpan.FromSeconds(5), out var datagram), "no syslog datagram arrived");
        return datagram;
    }

    public bool TryReceive(TimeSpan wait, out byte[] datagram)
    {
        datagram = [];
        if (!_socket.Poll(wait, SelectMode.SelectRead)) return false;
        var buffer = new byte[64 * 1024];
        var length = _socket.Receive(buffer);
        datagram = buffer[..length];
        return true;
    }

    /// <summary>The datagram split at the BOM into its ASCII header and its UTF-8 message (strictly decoded).</summary>
    public static (string Header, string Message) Split(byte[] datagram)
    {
        var bom = datagram.AsSpan().IndexOf(Bom);
        Assert.True(bom > 0, "no BOM before MSG");
        var header = Encoding.ASCII.GetString(datagram, 0, bom);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var message = strict.GetString(datagram, bom + Bom.Length, datagram.Length - bom - Bom.Length);
        return (header, message);
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
