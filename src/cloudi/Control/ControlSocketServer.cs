using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CloudI.Executable.Control;

/// <summary>
/// The control socket (docs/cloudi.md, "Control socket"): a Unix stream socket, mode 0600, in
/// a directory created 0700 when missing, serving JSON request lines in turn on each
/// connection. Bound before any service starts so a second runtime on the same path stops
/// early; removed on dispose.
/// </summary>
internal sealed partial class ControlSocketServer : IAsyncDisposable
{
    /// <summary>Longest request line accepted; a longer one is answered with an error and the connection closed.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>Connections served at once; more wait in the listen backlog.</summary>
    public const int MaxConnections = 16;

    // A connection left open and silent this long is closed.
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Socket _listener;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly List<Task> _connections = [];
    private ControlProtocol? _protocol;
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private ControlSocketServer(Socket listener, string path, ILogger log)
    {
        _listener = listener;
        Path = path;
        _log = log;
    }

    /// <summary>The socket's absolute path.</summary>
    public string Path { get; }

    /// <summary>
    /// Binds the socket. Its directory is created (0700) when missing; the default directory
    /// must belong to this user and not be writable by others. A stale socket file that nothing
    /// accepts on is replaced; a live one means another runtime runs.
    /// </summary>
    /// <exception cref="ControlSocketUnavailableException">The socket cannot be had.</exception>
    public static ControlSocketServer Bind(string path, bool isDefault, ILogger log)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full)!;
        try
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControlSocketUnavailableException($"cannot create the control socket directory {directory}: {e.Message}");
        }

        if (isDefault)
        {
            CheckPrivateDirectory(directory);
        }

        if (RemoveIfStale(full))
        {
            LogStaleReplaced(log, full);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(full));
            // Tightened before listen(): nobody can connect until then, so there is no window
            // in which the umask's mode lets another user in.
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(MaxConnections);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            socket.Dispose();
            string reason = e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                ? "another process bound it first"
                : e.Message;
            throw new ControlSocketUnavailableException($"cannot listen on the control socket {full}: {reason}");
        }

        return new ControlSocketServer(socket, full, log);
    }

    /// <summary>Starts serving requests.</summary>
    public void Start(RuntimeHost host)
    {
        _protocol = new ControlProtocol(host);
        _acceptLoop = AcceptLoopAsync();
    }

    private static void CheckPrivateDirectory(string directory)
    {
        if (!UnixFile.TryStat(directory, out uint mode, out uint uid) || !UnixFile.IsDirectory(directory))
        {
            throw new ControlSocketUnavailableException($"{directory} is not a directory");
        }

        if (uid != UnixFile.EffectiveUserId)
        {
            throw new ControlSocketUnavailableException(
                $"the control socket directory {directory} belongs to user id {uid}, not to this user ({UnixFile.EffectiveUserId}): use --socket");
        }

        if ((mode & 0x12) != 0) // S_IWGRP | S_IWOTH
        {
            throw new ControlSocketUnavailableException(
                $"the control socket directory {directory} is writable by other users (mode {Convert.ToString(mode & 0xFFF, 8)}): make it 0700");
        }
    }

    /// <summary>True when a stale socket was removed; throws when the path is in use or not a socket.</summary>
    private static bool RemoveIfStale(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path) && !UnixFile.TryStat(path, out _, out _))
        {
            return false;
        }

        // Never delete what is not a socket: the path may be a mistake.
        if (!UnixFile.IsSocket(path))
        {
            throw new ControlSocketUnavailableException($"the control socket path {path} exists and is not a socket");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused)
        {
            // Left by a runtime that died: nothing accepts on it.
            try
            {
                File.Delete(path);
            }
            catch (Exception d) when (d is IOException or UnauthorizedAccessException)
            {
                throw new ControlSocketUnavailableException($"cannot remove the stale control socket {path}: {d.Message}");
            }

            return true;
        }
        catch (SocketException e)
        {
            throw new ControlSocketUnavailableException($"cannot probe the control socket {path}: {e.Message}");
        }

        throw new ControlSocketUnavailableException($"another CloudI runtime is running on the control socket {path}");
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _slots.Release();
                LogAcceptFailed(_log, e.Message);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            Task task = ServeAsync(client);
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
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var lines = new LineReader(stream, MaxRequestBytes);
            while (!_stop.IsCancellationRequested)
            {
                byte[]? line;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    idle.CancelAfter(IdleTimeout);
                    try
                    {
                        line = await lines.ReadLineAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (LineTooLongException)
                    {
                        await WriteAsync(stream, ControlProtocol.Error("request_too_long",
                            $"a request line is at most {MaxRequestBytes} bytes")).ConfigureAwait(false);
                        await DrainAsync(client).ConfigureAwait(false);
                        return;
                    }
                }

                if (line is null)
                {
                    return;
                }

                if (line.AsSpan().Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }

                byte[] reply = await _protocol!.HandleAsync(line, _stop.Token).ConfigureAwait(false);
                await WriteAsync(stream, reply).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the runtime is stopping: nothing to answer.
        }
        catch (Exception e)
        {
            // Whatever it was, it ends this connection only.
            LogConnectionFailed(_log, e);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static async Task WriteAsync(Stream stream, byte[] reply)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(reply, bound.Token).ConfigureAwait(false);
        await stream.FlushAsync(bound.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Closing with unread input would reset the connection and could destroy the error reply
    /// before the client reads it: half-close, then discard what is still coming, briefly.
    /// </summary>
    private static async Task DrainAsync(Socket client)
    {
        client.Shutdown(SocketShutdown.Send);
        byte[] sink = new byte[16 * 1024];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        long total = 0;
        while (total < 16 * 1024 * 1024)
        {
            int n = await client.ReceiveAsync(sink, SocketFlags.None, bound.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            total += n;
        }
    }

    /// <summary>Stops accepting, ends open connections, removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The file first: from now on a new `start` may bind the path.
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next start replaces it as stale.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        try
        {
            await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A request still finishing must not hold up the exit.
        }

        _stop.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "replaced the stale control socket {Path}")]
    private static partial void LogStaleReplaced(ILogger logger, string path);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "control socket accept failed: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "control connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);
}

/// <summary>The control socket cannot be bound: in use by another runtime, not a socket, no permission.</summary>
internal sealed class ControlSocketUnavailableException(string message) : Exception(message);
