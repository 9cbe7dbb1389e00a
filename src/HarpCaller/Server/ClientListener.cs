using System.Net;
using System.Net.Sockets;
using HarpCaller.Configuration;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Server;

/// <summary>
/// Accepts client protocol connections on every <c>listen</c> address and hands each to a
/// <see cref="ClientConnection"/>. Bounded: beyond the connection cap new clients wait in the
/// kernel's backlog instead of being accepted.
/// </summary>
internal sealed partial class ClientListener : IAsyncDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ClientConnectionContext _context;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private int _open;

    private ClientListener(ClientConnectionContext context, ILogger logger)
    {
        _context = context;
        _logger = logger;
        _slots = new SemaphoreSlim(context.Limits.MaxConnections);
    }

    /// <summary>Bound endpoints (port 0 in the configuration resolved to the real port).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

    /// <summary>Binds every address; throws (naming the address) when one cannot be bound.</summary>
    public static async Task<ClientListener> StartAsync(
        IReadOnlyList<ListenAddress> addresses, ClientConnectionContext context, ILogger logger, CancellationToken cancellationToken)
    {
        var listener = new ClientListener(context, logger);
        try
        {
            foreach (var address in addresses)
            {
                foreach (var endpoint in await ResolveAsync(address, cancellationToken).ConfigureAwait(false))
                {
                    listener.Bind(endpoint, address);
                }
            }
        }
        catch
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // Several accept loops per socket, so accepting never waits behind one core.
        var loops = Math.Max(2, Environment.ProcessorCount);
        foreach (var socket in listener._sockets)
        {
            for (var i = 0; i < loops; i++) listener._acceptLoops.Add(listener.AcceptLoopAsync(socket));
        }
        return listener;
    }

    private static async Task<IReadOnlyList<IPEndPoint>> ResolveAsync(ListenAddress address, CancellationToken cancellationToken)
    {
        if (address.Host == "*")
        {
            return Socket.OSSupportsIPv6
                ? [new IPEndPoint(IPAddress.IPv6Any, address.Port)]
                : [new IPEndPoint(IPAddress.Any, address.Port)];
        }
        if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip)) return [new IPEndPoint(ip, address.Port)];
        var resolved = await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
        return resolved.Select(a => new IPEndPoint(a, address.Port)).ToList();
    }

    private void Bind(IPEndPoint endpoint, ListenAddress configured)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            // One request per connection: bursts of connects are the normal load, so a deep backlog.
            socket.Listen(4096);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot listen on {configured}: {e.Message}", e);
        }
        _sockets.Add(socket);
        LogListening(_logger, (IPEndPoint)socket.LocalEndPoint!);
    }

    private async Task AcceptLoopAsync(Socket listenSocket)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                await _slots.WaitAsync(token).ConfigureAwait(false);
                client = await listenSocket.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return; // the listening socket was closed: we are stopping
            }
            catch (SocketException e)
            {
                _slots.Release();
                // EMFILE and friends: keep serving the connections we have, retry shortly.
                LogAcceptFailed(_logger, e.SocketErrorCode);
                try { await Task.Delay(50, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            // No TCP_NODELAY here: a one-line reply goes out at once anyway (nothing is unacknowledged
            // on a fresh connection); streaming replies turn it on (one system call fewer per request).
            Interlocked.Increment(ref _open);
            // Served inline up to its first real wait: reading and parsing the request (usually
            // already there) and queueing a submit's write are a few microseconds, less than
            // handing the connection to another thread. With inline socket completions this runs
            // on the socket engine's event thread, so a connection never blocks: whatever would
            // (synchronous store reads) moves to the pool first (ClientConnection). Several loops
            // per socket keep accepting while one is busy.
            _ = ServeAsync(client, token);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            await ClientConnection.RunAsync(client, _context, stopping).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A connection's failure never reaches the accept loop or the process.
            LogConnectionFailed(_logger, e);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            _slots.Release();
        }
    }

    /// <summary>Stops accepting; connections in flight continue until they finish or <see cref="AbortConnections"/>.</summary>
    public void StopAccepting()
    {
        foreach (var socket in _sockets) socket.Dispose();
    }

    /// <summary>Open connections.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Ends connections still open (waiting followers and result waiters).</summary>
    public void AbortConnections() => _stopping.Cancel();

    public async ValueTask DisposeAsync()
    {
        StopAccepting();
        AbortConnections();
        try { await Task.WhenAll(_acceptLoops).ConfigureAwait(false); } catch (Exception) { /* loops end on disposal */ }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "listening for clients on {Endpoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "client connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);
}
