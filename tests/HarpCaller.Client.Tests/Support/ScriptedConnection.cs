using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace HarpCaller.Client.Tests.Support;

/// <summary>One accepted connection of a <see cref="ScriptedDispatcher"/>, with Read/Write helpers.</summary>
internal sealed class ScriptedConnection
{
    private readonly Socket _socket;
    private readonly ConcurrentQueue<string> _requests;
    private readonly CancellationToken _stop;
    private readonly List<byte> _pending = [];

    public ScriptedConnection(Socket socket, ConcurrentQueue<string> requests, CancellationToken stop)
    {
        _socket = socket;
        _requests = requests;
        _stop = stop;
    }

    /// <summary>Reads the request line (without its terminator) and records it.</summary>
    public async Task<string> ReadRequestAsync()
    {
        var buffer = new byte[4096];
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, newline).ToArray());
                _pending.RemoveRange(0, newline + 1);
                _requests.Enqueue(line);
                return line;
            }

            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop);
            if (received == 0)
            {
                throw new IOException("The client closed before sending a full request line.");
            }

            _pending.AddRange(buffer.AsSpan(0, received).ToArray());
        }
    }

    public Task WriteLineAsync(string line) => WriteRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task WriteRawAsync(byte[] bytes)
    {
        var remaining = bytes.AsMemory();
        while (!remaining.IsEmpty)
        {
            remaining = remaining[await _socket.SendAsync(remaining, SocketFlags.None, _stop)..];
        }
    }

    /// <summary>Waits without answering (for timeout tests), until the test ends or the client leaves.</summary>
    public async Task StaySilentAsync()
    {
        var buffer = new byte[1];
        while (await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop) > 0)
        {
        }
    }

    /// <summary>Closes with a TCP reset instead of an orderly close.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Close() => _socket.Dispose();
}
