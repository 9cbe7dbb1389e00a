using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;

namespace CloudI.Executable.Control;

/// <summary>
/// One connection to a running runtime's control socket: a JSON request line out, a JSON
/// reply line back. No socket, or one nothing accepts on, is <see cref="NotRunningException"/>;
/// every other failure is a <see cref="ControlException"/>.
/// </summary>
internal sealed class ControlClient : IAsyncDisposable
{
    /// <summary>Largest reply accepted.</summary>
    public const int MaxReplyBytes = 16 * 1024 * 1024;

    /// <summary>How long connecting and each request may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly LineReader _lines;

    private ControlClient(string path, Socket socket)
    {
        SocketPath = path;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _lines = new LineReader(_stream, MaxReplyBytes);
    }

    /// <summary>The control socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>Connects to the runtime on <paramref name="path"/>.</summary>
    public static async Task<ControlClient> ConnectAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        UnixDomainSocketEndPoint endPoint;
        try
        {
            endPoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentException e)
        {
            throw new ControlException($"invalid control socket path {path}: {e.Message}");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(endPoint, bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ControlException($"the runtime on {path} does not accept connections (waited {timeout.TotalSeconds:0} s)");
            }
            catch (SocketException e)
            {
                // A stale socket file refuses connections; a missing one is "not running" whatever errno
                // says (.NET reports ENOENT as AddressNotAvailable).
                if (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable || !Path.Exists(path))
                {
                    throw new NotRunningException(path);
                }

                throw new ControlException($"cannot connect to {path}: {e.Message}");
            }

            return new ControlClient(path, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <c>{"command":COMMAND}</c> and returns the reply object; an error reply is thrown.</summary>
    public async Task<JsonDocument> RequestAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer, ControlProtocol.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("command", command);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        byte[]? line;
        try
        {
            await _stream.WriteAsync(buffer.WrittenMemory, bound.Token).ConfigureAwait(false);
            line = await _lines.ReadLineAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlException($"no reply from the runtime on {SocketPath} within {timeout.TotalSeconds:0} s");
        }
        catch (LineTooLongException)
        {
            throw new ControlException($"reply from the runtime longer than {MaxReplyBytes} bytes");
        }
        catch (IOException e)
        {
            throw new NotRunningException(SocketPath, $"the runtime on {SocketPath} closed the connection: {e.Message}");
        }

        if (line is null)
        {
            throw new NotRunningException(SocketPath, $"the runtime on {SocketPath} closed the connection without a reply");
        }

        JsonDocument reply;
        try
        {
            reply = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw new ControlException("unexpected reply from the runtime (not JSON)");
        }

        JsonElement root = reply.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out JsonElement result)
            || result.ValueKind != JsonValueKind.String)
        {
            reply.Dispose();
            throw new ControlException("unexpected reply from the runtime (no \"result\")");
        }

        if (result.GetString() != "ok")
        {
            string message = root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()!
                : "error";
            reply.Dispose();
            throw new ControlException($"the runtime answered: {message}");
        }

        return reply;
    }

    /// <summary>Waits until the runtime closes the connection (it does so last, as it exits); false if <paramref name="limit"/> passed first.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan? limit, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit is { } l)
        {
            bound.CancelAfter(l);
        }

        byte[] sink = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(sink, bound.Token).ConfigureAwait(false) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}

/// <summary>The runtime could not be asked, or answered with an error or garbage.</summary>
internal class ControlException(string message) : Exception(message);

/// <summary>No runtime serves the control socket.</summary>
internal sealed class NotRunningException(string path, string? message = null)
    : ControlException(message ?? $"not running (no CloudI runtime on {path})");
