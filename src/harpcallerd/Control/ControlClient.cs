using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HarpCaller.Transport;

namespace HarpCaller.Daemon.Control;

/// <summary>
/// One connection to the running daemon's control socket (harpcaller-admin.md, "Control socket"):
/// a compact JSON request line out, one JSON reply line back, each reply bounded in size and time.
/// Every failure surfaces as a <see cref="ControlException"/>.
/// </summary>
internal sealed class ControlClient : IAsyncDisposable
{
    /// <summary>Largest reply accepted: <c>list --all</c> of a big store is one line.</summary>
    public const int MaxReplyBytes = 64 * 1024 * 1024;

    /// <summary>How long a command waits for its reply unless it says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How deep a reply may nest: job arguments are stored as clients sent them (up to 1000 levels,
    /// the client protocol's limit) and sit a few levels down in the reply.
    /// </summary>
    public const int MaxDepth = 1100;

    /// <summary>How requests and printed JSON escape strings: non-ASCII text stays as written.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth,
    };

    // Duplicate keys would make a reply ambiguous: the daemon never sends them, so they mean garbage.
    private static readonly JsonDocumentOptions ReplyOptions = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly LineReader _lines;

    private ControlClient(string socketPath, Socket socket)
    {
        SocketPath = socketPath;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _lines = new LineReader(_stream, MaxReplyBytes);
    }

    /// <summary>The control socket's path, for messages.</summary>
    public string SocketPath { get; }

    /// <summary>
    /// Connects to the daemon. A missing socket, a refused connection or one nobody accepts within
    /// <paramref name="timeout"/> all mean no daemon serves the socket: <see cref="DaemonNotRunningException"/>.
    /// </summary>
    public static async Task<ControlClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        UnixDomainSocketEndPoint endPoint;
        try
        {
            endPoint = new UnixDomainSocketEndPoint(socketPath);
        }
        catch (ArgumentException e)
        {
            throw new ControlException($"invalid control socket path {socketPath}: {e.Message}");
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
                throw new DaemonNotRunningException(socketPath);
            }
            catch (SocketException e)
            {
                // A stale socket file refuses connections; a missing path is "no daemon" whatever errno says.
                // .NET reports ENOENT as AddressNotAvailable: checked by code too, because the daemon
                // may create the socket between the failed connect and a look at the path.
                if (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable || !Path.Exists(socketPath))
                {
                    throw new DaemonNotRunningException(socketPath);
                }
                throw new ControlException($"cannot connect to {socketPath}: {e.Message}");
            }
            return new ControlClient(socketPath, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <c>{"command":COMMAND,...fields}</c> and reads the reply, which must be a JSON object
    /// with a string <c>"result"</c>; the caller disposes the returned reply.
    /// </summary>
    public async Task<ControlReply> RequestAsync(
        string command, Action<Utf8JsonWriter>? fields, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = FormatRequest(command, fields);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        ReadOnlyMemory<byte>? line;
        try
        {
            await _stream.WriteAsync(request, bound.Token).ConfigureAwait(false);
            line = await _lines.ReadLineAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DaemonNotRunningException(SocketPath,
                $"no reply from the daemon on {SocketPath} within {FormatSeconds(timeout)} s");
        }
        catch (LineTooLongException)
        {
            throw new ControlException($"reply from the daemon longer than {MaxReplyBytes / (1024 * 1024)} MiB");
        }
        catch (IOException e)
        {
            // The daemon went away between accept and reply (e.g. it was stopping).
            throw new DaemonNotRunningException(SocketPath, $"the daemon on {SocketPath} closed the connection: {e.Message}");
        }
        if (line is not { } reply)
        {
            throw new DaemonNotRunningException(SocketPath, $"the daemon on {SocketPath} closed the connection without a reply");
        }
        return ControlReply.Parse(reply, ReplyOptions);
    }

    /// <summary>
    /// Like <see cref="RequestAsync"/>, for a reply carrying a long array member: each element is
    /// handed to <paramref name="element"/> as it arrives (bounded memory, no size limit on the
    /// whole reply), and the reply without them is returned. <paramref name="idleTimeout"/> bounds
    /// each wait for more bytes, not the whole transfer. Must be the connection's first request.
    /// </summary>
    public async Task<ControlReply> RequestStreamingAsync(
        string command, Action<Utf8JsonWriter>? fields, string arrayMember, Action<ReadOnlySpan<byte>> element,
        TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var splitter = new ArraySplitter(arrayMember, element, MaxReplyBytes, 1024 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(idleTimeout);
            await _stream.WriteAsync(FormatRequest(command, fields), bound.Token).ConfigureAwait(false);
            while (!splitter.Complete)
            {
                bound.CancelAfter(idleTimeout);
                var n = await _stream.ReadAsync(buffer, bound.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new DaemonNotRunningException(SocketPath, $"the daemon on {SocketPath} closed the connection without a complete reply");
                }
                splitter.Feed(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DaemonNotRunningException(SocketPath,
                $"no reply from the daemon on {SocketPath} for {FormatSeconds(idleTimeout)} s");
        }
        catch (FormatException)
        {
            throw ControlException.Unexpected(Encoding.UTF8.GetString(splitter.Envelope.Span[..Math.Min(200, splitter.Envelope.Length)]));
        }
        catch (IOException e)
        {
            throw new DaemonNotRunningException(SocketPath, $"the daemon on {SocketPath} closed the connection: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return ControlReply.Parse(splitter.Envelope, ReplyOptions);
    }

    /// <summary>The request line's bytes, '\n' included.</summary>
    public static byte[] FormatRequest(string command, Action<Utf8JsonWriter>? fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("command", command);
            fields?.Invoke(w);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Seconds for messages: whole numbers without a fraction.</summary>
    public static string FormatSeconds(TimeSpan t) =>
        t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _lines.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}

/// <summary>A reply line: a JSON object whose <c>"result"</c> is a string.</summary>
internal sealed class ControlReply : IDisposable
{
    private const int ExcerptChars = 200;

    private readonly JsonDocument _document;

    private ControlReply(JsonDocument document, string result, string excerpt)
    {
        _document = document;
        Result = result;
        Excerpt = excerpt;
    }

    /// <summary>The reply's <c>"result"</c>.</summary>
    public string Result { get; }

    /// <summary>The reply object.</summary>
    public JsonElement Root => _document.RootElement;

    /// <summary>The start of the reply line, printable, for "unexpected reply" messages.</summary>
    public string Excerpt { get; }

    internal static ControlReply Parse(ReadOnlyMemory<byte> line, JsonDocumentOptions options)
    {
        var excerpt = MakeExcerpt(line.Span);
        JsonDocument document;
        try
        {
            // Copied: a JsonDocument keeps using the memory it parsed, and the line reader's pooled buffer
            // goes back to the pool when the connection closes, which may be before the reply is used.
            document = JsonDocument.Parse(line.ToArray(), options);
        }
        catch (JsonException)
        {
            throw ControlException.Unexpected(excerpt);
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("result", out var result)
            || result.ValueKind != JsonValueKind.String)
        {
            document.Dispose();
            throw ControlException.Unexpected(excerpt);
        }
        return new ControlReply(document, result.GetString()!, excerpt);
    }

    /// <summary>This reply was not what the command expects.</summary>
    public ControlException Unexpected() => ControlException.Unexpected(Excerpt);

    /// <summary>A member that must be an array, else the reply is unexpected.</summary>
    public JsonElement.ArrayEnumerator Array(string name) =>
        Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Unexpected();

    /// <summary>A member that must be a non-negative integer, else the reply is unexpected.</summary>
    public long Count(string name) =>
        Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt64(out var n) && n >= 0
            ? n
            : throw Unexpected();

    public void Dispose() => _document.Dispose();

    // Garbage may hold anything, terminal escapes included: only printable text reaches stderr.
    private static string MakeExcerpt(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, ExcerptChars * 4)]);
        var builder = new StringBuilder(Math.Min(text.Length, ExcerptChars) + 3);
        foreach (var c in text)
        {
            if (builder.Length >= ExcerptChars) return builder.Append("...").ToString();
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }
}

/// <summary>
/// The daemon could not be asked, or its answer is unusable or an error; <see cref="Exception.Message"/>
/// is the text after <c>harpcallerd: </c>. Exit code 1.
/// </summary>
internal class ControlException(string message) : Exception(message)
{
    /// <summary>A reply that is not JSON or not the shape the command expects.</summary>
    public static ControlException Unexpected(string excerpt) => new($"unexpected reply from the daemon: {excerpt}");
}

/// <summary>No daemon serves the socket (missing, refused, or nothing answers): <c>status</c> says "not running".</summary>
internal sealed class DaemonNotRunningException(string socketPath, string? message = null)
    : ControlException(message ?? $"not running (no daemon on {socketPath})")
{
    /// <summary>True when nothing serves the socket at all (missing, refused), as opposed to a daemon that does not answer.</summary>
    public bool IsPlainNotRunning { get; } = message is null;
}
