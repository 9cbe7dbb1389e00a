using System.Net.Sockets;
using System.Text.Json;
using HarpCaller.Transport;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Control;

/// <summary>
/// The control socket (harpcaller-admin.md): a Unix stream socket, mode 0600, serving JSON
/// request lines in turn on each connection. Bound before the dispatcher starts so a second
/// daemon on the same path fails early; removed on dispose.
/// </summary>
public sealed partial class ControlSocketServer : IAsyncDisposable
{
    // Requests are tiny; a long line is a confused or hostile client.
    private const int MaxRequestBytes = 64 * 1024;

    // An administrator's connection left open and silent this long is closed.
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    private const int MaxConnections = 64;

    private readonly Socket _listener;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly List<Task> _connections = [];
    private AdminCommandHandler? _handler;
    private Task _acceptLoop = Task.CompletedTask;

    private ControlSocketServer(Socket listener, string path, ILogger logger)
    {
        _listener = listener;
        _path = path;
        _logger = logger;
    }

    /// <summary>The socket's path.</summary>
    public string Path => _path;

    /// <summary>
    /// Binds the socket: creates its directory (0750) when missing, replaces a stale socket file
    /// that nothing accepts on, refuses when another daemon answers on it or the path is not a socket.
    /// </summary>
    /// <exception cref="IOException">The path is in use or cannot be bound.</exception>
    public static ControlSocketServer Bind(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the control socket needs Unix file modes");
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
        RemoveIfStale(full);

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(full));
            // Tightened before listen(): nobody can connect until then, so there is no window
            // in which the umask's mode lets another user in.
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(16);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot listen on control socket {full}: {e.Message}", e);
        }
        return new ControlSocketServer(socket, full, logger);
    }

    private static void RemoveIfStale(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return;
        // Never delete what is not a socket: the path may be a mistake in the configuration.
        if (!UnixFileType.IsSocket(path)) throw new IOException($"control socket path {path} exists and is not a socket");
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            // Left by a daemon that died: nothing accepts on it.
            File.Delete(path);
            return;
        }
        throw new IOException($"another harpcallerd is running on control socket {path}");
    }

    /// <summary>Starts serving commands with the running dispatcher.</summary>
    public void Start(Hosting.DispatcherHost host, IDaemonLifecycle lifecycle)
    {
        _handler = new AdminCommandHandler(host, lifecycle, _logger);
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                _slots.Release();
                LogAcceptFailed(_logger, e.Message);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            var task = ServeAsync(client);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        await Task.Yield();
        try
        {
            // Commands read the store synchronously: they must not run on a socket event thread.
            using var stream = new Transport.ThreadPoolNetworkStream(client, ownsSocket: true);
            using var lines = new LineReader(stream, MaxRequestBytes, 1024);
            while (!_stop.IsCancellationRequested)
            {
                ReadOnlyMemory<byte>? line;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    idle.CancelAfter(IdleTimeout);
                    try
                    {
                        line = await lines.ReadLineAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (LineTooLongException)
                    {
                        await WriteErrorAsync(stream, $"request longer than {MaxRequestBytes} bytes").ConfigureAwait(false);
                        await DrainAsync(client).ConfigureAwait(false);
                        return;
                    }
                }
                if (line is not { } request) return;
                if (request.Span.Trim(" \t\r"u8).IsEmpty) continue;
                await _handler!.HandleAsync(request, stream, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The administrator went away or the daemon is stopping: nothing to answer.
        }
        catch (Exception e)
        {
            LogCommandFailed(_logger, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static async Task WriteErrorAsync(Stream stream, string message)
    {
        var w = new Utf8JsonWriter(stream, AdminCommandHandler.WriterOptions);
        await using (w.ConfigureAwait(false))
        {
            AdminCommandHandler.WriteError(w, message);
        }
        stream.WriteByte((byte)'\n');
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await stream.FlushAsync(bound.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Closing with unread input would reset the connection and could destroy the error reply
    /// before the client reads it: half-close, then discard what is still coming, briefly.
    /// </summary>
    private static async Task DrainAsync(Socket client)
    {
        client.Shutdown(SocketShutdown.Send);
        var sink = new byte[16 * 1024];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        long total = 0;
        while (total < 16 * 1024 * 1024)
        {
            var n = await client.ReceiveAsync(sink, SocketFlags.None, bound.Token).ConfigureAwait(false);
            if (n == 0) return;
            total += n;
        }
    }

    /// <summary>Stops accepting, ends open connections, removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (_connections) open = [.. _connections];
        try
        {
            await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A command still finishing (its cancellation was requested) must not hold up the stop.
        }
        try { File.Delete(_path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "control socket accept failed: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "control command failed")]
    private static partial void LogCommandFailed(ILogger logger, Exception exception);
}
