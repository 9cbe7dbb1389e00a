using System.Net.Sockets;
using System.Text;
using CloudI.External.Protocol;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.External.Hosting;

/// <summary>
/// One thread of an external OS process: its socket, its dispatcher (its identity as a
/// subscriber and sender) and its mailbox. Requests go out as SEND_* and end with the
/// library's <c>return_*</c>/<c>forward_*</c>; everything the library sends is decoded
/// structurally and validated, and a violation fails the whole OS process (§4.1).
/// </summary>
internal sealed partial class ExternalThread : ServiceMailbox
{
    private const int DatagramMax = 65536;

    private readonly ExternalOsProcess _process;
    private readonly Socket _socket;
    private readonly bool _datagram;
    private readonly WireFlavor _flavor;
    private readonly PidIdentities _pids;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _requestDone;
    private Timer? _keepalive;
    private volatile bool _keepaliveSeen;
    private bool _initReceived;

    public ExternalThread(ExternalOsProcess process, int threadIndex, DispatcherSettings settings, Socket socket,
        bool datagram, WireFlavor flavor, PidIdentities pids)
        : base(settings.Options)
    {
        _process = process;
        ThreadIndex = threadIndex;
        _socket = socket;
        _datagram = datagram;
        _flavor = flavor;
        _pids = pids;
        Dispatcher = new ServiceDispatcher(process.Instance.Runtime, settings, process.Instance.Id, process.Index,
            process.Instance.ProcessCount, this);
    }

    public int ThreadIndex { get; }

    public ServiceDispatcher Dispatcher { get; }

    /// <summary>Completes when the library's first <c>poll()</c> arrived (initialisation done).</summary>
    public Task Polled => _polled.Task;

    /// <summary>CloudI's default <c>fatal_timeout</c> is false: a slow external callback is not a failure.</summary>
    protected override bool HandlerDeadlineIsFatal => false;

    /// <summary>Reads and handles messages until the socket closes or a message is invalid.</summary>
    public async Task ReceiveAsync()
    {
        try
        {
            if (_datagram)
            {
                byte[] buffer = new byte[DatagramMax];
                while (true)
                {
                    int n = await _socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                    Handle(ExternalMessageDecoder.Decode(buffer.AsSpan(0, n).ToArray(), _flavor));
                }
            }

            var frames = new FrameReader(_process.Instance.MaxFrameSize);
            while (true)
            {
                Memory<byte> space = frames.GetAppendMemory(16384);
                int n = await _socket.ReceiveAsync(space, SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    Fail(null, "socket_closed");
                    return;
                }

                frames.Advance(n);
                while (frames.TryReadFrame(out byte[] payload))
                {
                    Handle(ExternalMessageDecoder.Decode(payload, _flavor));
                }
            }
        }
        catch (ExternalProtocolException e)
        {
            Fail(e, "protocol: " + e.Message);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Fail(null, "socket_closed");
        }
    }

    /// <summary>TERM: the library's poll returns false and the service should exit (§6.8).</summary>
    public async Task SendTermAsync()
    {
        try
        {
            await WriteAsync(RuntimeMessages.Term(framed: !_datagram)).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
        {
            // Already gone: nothing to tell.
        }
    }

    /// <summary>Closes the runtime's end (the 1.5.3 Node library exits only then).</summary>
    public void CloseSocket()
    {
        _keepalive?.Dispose();
        _socket.Dispose();
    }

    protected override async ValueTask HandleRequestAsync(ServiceRequest request)
    {
        var done = new TaskCompletionSource();
        _requestDone = done;
        Span<byte> transId = stackalloc byte[16];
        request.TransId.WriteBytes(transId);
        byte[] frame = RuntimeMessages.Send(request.Type == RequestType.SendSync,
            Encoding.UTF8.GetBytes(request.Name), Encoding.UTF8.GetBytes(request.Pattern), request.RequestInfo.Span,
            request.Request.Span, request.Timeout, request.Priority, transId, _pids.Of(request.Source).Term,
            framed: !_datagram);
        await WriteAsync(frame).ConfigureAwait(false);
        await done.Task.ConfigureAwait(false);
    }

    protected override ValueTask HandleInfoAsync(object message) => ValueTask.CompletedTask;

    protected override void OnFailure(Exception? exception, string reason) =>
        _process.ThreadFailed(this, reason, exception);

    protected override void OnKilled()
    {
        Dispatcher.Kill();
        _requestDone?.TrySetResult();
        _keepalive?.Dispose();
    }

    private async ValueTask WriteAsync(byte[] message)
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            int sent = 0;
            while (sent < message.Length)
            {
                sent += await _socket.SendAsync(message.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Writes a reply from a background task; a dead socket is noticed by the receive loop.</summary>
    private async Task ReplyAsync(Func<Task<byte[]>> reply)
    {
        try
        {
            await WriteAsync(await reply().ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
