using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HarpCaller.Client.Tests.Support;

/// <summary>
/// A fake dispatcher on loopback port 0 that runs a script per accepted connection, for failures a
/// real dispatcher cannot produce on demand (garbage, early close, silence, resets). Requests are
/// recorded in arrival order.
/// </summary>
internal sealed class ScriptedDispatcher : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    private ScriptedDispatcher(Func<ScriptedConnection, Task> script)
    {
        _script = script;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Request lines received so far, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => _connections.Count;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public HarpCallerClientOptions ClientOptions(TimeSpan? requestTimeout = null, TimeSpan? waitTimeout = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
        WaitTimeout = waitTimeout ?? TimeSpan.FromSeconds(5),
    };

    /// <summary>Starts a fake whose every connection reads the request and then runs <paramref name="script"/>.</summary>
    public static ScriptedDispatcher Start(Func<ScriptedConnection, Task> script) => new(script);

    /// <summary>A fake that answers every request with the given lines, then closes.</summary>
    public static ScriptedDispatcher Replying(params string[] lines) => Start(async connection =>
    {
        await connection.ReadRequestAsync();
        foreach (var line in lines)
        {
            await connection.WriteLineAsync(line);
        }
    });

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(RunAsync(socket));
        }
    }

    private async Task RunAsync(Socket socket)
    {
        var connection = new ScriptedConnection(socket, Requests, _stop.Token);
        try
        {
            await _script(connection).WaitAsync(TimeSpan.FromSeconds(30), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or TimeoutException)
        {
            // The client went away or the test ended: nothing left to script.
        }
        finally
        {
            connection.Close();
        }
    }
}
