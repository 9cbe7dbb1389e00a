using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace HarpCaller.Tests.AdminCli;

/// <summary>
/// A stand-in for the daemon's control socket: a real Unix stream socket that records every request
/// line it receives and answers each with the line its script returns (null: close without a reply).
/// </summary>
internal sealed class ScriptedControlServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, string?> _script;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private ScriptedControlServer(string path, Func<string, string?> script)
    {
        _script = script;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(16);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Request lines received so far, '\n' removed, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Called with each request line after it is recorded, before the reply is sent.</summary>
    public Action<string>? OnRequest { get; init; }

    /// <summary>Listens on <paramref name="path"/>, answering every request with <paramref name="reply"/>.</summary>
    public static ScriptedControlServer Start(string path, string? reply) => new(path, _ => reply);

    /// <summary>Listens on <paramref name="path"/>, answering each request with what <paramref name="script"/> returns.</summary>
    public static ScriptedControlServer Start(string path, Func<string, string?> script, Action<string>? onRequest = null) =>
        new(path, script) { OnRequest = onRequest };

    private async Task AcceptLoopAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        var pending = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                pending.AddRange(buffer.AsSpan(0, read));
                int newline;
                while ((newline = pending.IndexOf((byte)'\n')) >= 0)
                {
                    var line = Encoding.UTF8.GetString([.. pending.GetRange(0, newline)]);
                    pending.RemoveRange(0, newline + 1);
                    _requests.Enqueue(line);
                    OnRequest?.Invoke(line);
                    if (_script(line) is not { } reply) return;
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\n"), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
    }
}
