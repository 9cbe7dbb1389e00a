using System.Diagnostics;
using System.Net.Sockets;
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
    private readonly ThreadSocketWriter _writer;
    private readonly TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Utf8Memo _sentName = new();
    private readonly Utf8Memo _sentPattern = new();
    private readonly ReusableCompletion _requestDone = new();
    private Timer? _keepalive;
    private volatile bool _keepaliveSeen;
    private bool _initReceived;

    // Spec §2: a udp message must fit the library's reads (buffer_size) and one datagram.
    private const int MaxDatagram = 65507;
    private readonly int _datagramLimit;

    public ExternalThread(ExternalOsProcess process, int threadIndex, DispatcherSettings settings, Socket socket,
        bool datagram, WireFlavor flavor, PidIdentities pids)
        : base(settings.Options)
    {
        _process = process;
        ThreadIndex = threadIndex;
        _socket = socket;
        _datagram = datagram;
        _datagramLimit = Math.Min(MaxDatagram, process.Instance.Config.EffectiveBufferSize);
        _writer = new ThreadSocketWriter(socket, datagram, $"cloudi-ext-w {process.Index}/{threadIndex}");
        _flavor = flavor;
        _pids = pids;
        Dispatcher = new ServiceDispatcher(process.Instance.Runtime, settings, process.Instance.Id, process.Index,
            process.Instance.ProcessCount, this);
    }

    public int ThreadIndex { get; }

    public ServiceDispatcher Dispatcher { get; }

    /// <summary>Environment variable: how long (µs) a reader busy-polls for a reply before it sleeps; 0 turns it off.</summary>
    public const string SpinVariable = "CLOUDI_EXTERNAL_SPIN_US";

    private const int DefaultSpinMicroseconds = 50;

    private static readonly long s_spinTicks = SpinTicks();

    // Spinning only while at most half the processors' worth of readers wait for replies.
    private static readonly int s_maxSpinners = Environment.ProcessorCount / 2;
    private static int s_awaitingReply;

    /// <summary>Completes when the library's first <c>poll()</c> arrived (initialisation done).</summary>
    public Task Polled => _polled.Task;

    /// <summary>CloudI's default <c>fatal_timeout</c> is false: a slow external callback is not a failure.</summary>
    protected override bool HandlerDeadlineIsFatal => false;

    /// <summary>Handing a request over is one non-blocking write of its SEND frame.</summary>
    protected override bool HandOverIsCheap => true;

    /// <summary>
    /// Starts reading on a thread of its own. A dedicated thread per external thread socket waits
    /// in <c>poll</c> itself and handles each message where it woke up: an async receive's
    /// completion goes from the socket engine's epoll thread to a thread-pool worker, two
    /// wake-ups per message instead of one, and on a small machine those switches, not the
    /// protocol work, were most of a request's cost. The work that follows a return (the
    /// sender's continuation, the next queued request's SEND) runs on this thread too. Its wait
    /// is the only blocking one and happens on no thread-pool thread; closing the socket (or
    /// the library's exit) ends it.
    /// </summary>
    public void StartReceiving()
    {
        var thread = new Thread(ReceiveLoop)
        {
            IsBackground = true,
            Name = $"cloudi-ext {_process.Index}/{ThreadIndex}",
        };
        thread.Start();
    }

    /// <summary>Reads and handles messages until the socket closes or a message is invalid.</summary>
    private void ReceiveLoop()
    {
        try
        {
            if (_datagram)
            {
                byte[] buffer = new byte[DatagramMax];
                while (true)
                {
                    int n = ReceiveWhenReadable(buffer);
                    Handle(ExternalMessageDecoder.Decode(buffer.AsSpan(0, n).ToArray(), _flavor));
                }
            }

            var frames = new FrameReader(_process.Instance.MaxFrameSize);
            while (true)
            {
                int n = ReceiveWhenReadable(frames.GetAppendMemory(16384).Span);
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

    /// <summary>
    /// Waits in <c>poll</c> for data, then reads what is there. A thread asleep in a blocking
    /// <c>recv</c> is also woken (for nothing) whenever the library reads a message this side
    /// sent, since the kernel then signals write space on the same wait queue; <c>poll</c> for
    /// input ignores that signal. One extra system call saves a context switch per message.
    /// </summary>
    private int ReceiveWhenReadable(Span<byte> space)
    {
        if (s_spinTicks > 0 && Current is not null)
        {
            // Counted while waiting for a reply, spinning or asleep: with more threads waiting
            // than half the processors, their wake-ups overlap anyway and spinning only steals
            // the processors their peers need.
            int waiting = Interlocked.Increment(ref s_awaitingReply);
            try
            {
                if (waiting <= s_maxSpinners)
                {
                    SpinForReply();
                }

                _socket.Poll(-1, SelectMode.SelectRead);
            }
            finally
            {
                Interlocked.Decrement(ref s_awaitingReply);
            }
        }
        else
        {
            _socket.Poll(-1, SelectMode.SelectRead);
        }

        return _socket.Receive(space, SocketFlags.None);
    }

    /// <summary>
    /// While a request is out, a reply usually follows within tens of microseconds: polling for it
    /// that long (as the BEAM's schedulers busy-wait before sleeping) saves this thread's wake-up,
    /// which on a small machine is most of the turnaround the library waits through. Bounded in
    /// time (<see cref="SpinVariable"/>, default 50 µs), only while few readers wait for replies,
    /// never on a single processor.
    /// </summary>
    private void SpinForReply()
    {
        long until = Stopwatch.GetTimestamp() + s_spinTicks;
        while (!_socket.Poll(0, SelectMode.SelectRead) && Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(16);
        }
    }

    private static long SpinTicks()
    {
        string? text = Environment.GetEnvironmentVariable(SpinVariable);
        long us = text is null ? DefaultSpinMicroseconds
            : long.TryParse(text, out long parsed) ? Math.Clamp(parsed, 0, 10_000) : DefaultSpinMicroseconds;
        return us * Stopwatch.Frequency / 1_000_000;
    }

    /// <summary>TERM: the library's poll returns false and the service should exit (§6.8).</summary>
    public void SendTerm()
    {
        try
        {
            Write(RuntimeMessages.Term(framed: !_datagram));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
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
        ValueTask done = _requestDone.Arm();
        Span<byte> transId = stackalloc byte[16];
        request.TransId.WriteBytes(transId);
        byte[] frame = RuntimeMessages.Send(request.Type == RequestType.SendSync,
            _sentName.Of(request.Name), _sentPattern.Of(request.Pattern), request.RequestInfo.Span,
            request.Request.Span, request.Timeout, request.Priority, transId, _pids.Of(request.Source).Term,
            framed: !_datagram);
        if (_datagram && frame.Length > _datagramLimit)
        {
            // Not sendable over udp (spec §2: larger payloads need a stream protocol). The request
            // goes unanswered (its sender times out) instead of failing the whole OS process.
            _process.RequestTooLargeForUdp(request.Name, frame.Length, _datagramLimit);
            _requestDone.Complete();
            await done.ConfigureAwait(false);
            return;
        }

        Write(frame);
        if (IsDead)
        {
            // Killed before the round was armed: OnKilled found nothing to end.
            _requestDone.Complete();
        }

        await done.ConfigureAwait(false);
    }

    protected override ValueTask HandleInfoAsync(object message) => ValueTask.CompletedTask;

    protected override void OnFailure(Exception? exception, string reason) =>
        _process.ThreadFailed(this, reason, exception);

    protected override void OnKilled()
    {
        Dispatcher.Kill();
        _requestDone.Complete();
        _keepalive?.Dispose();
    }

    /// <summary>Sends one whole message without waiting (see <see cref="ThreadSocketWriter"/>).</summary>
    private void Write(byte[] message) => _writer.Write(message);

    /// <summary>Writes a reply now; a dead socket is noticed by the receive loop.</summary>
    private void Reply(byte[] message)
    {
        try
        {
            Write(message);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Writes a reply from a background task; a dead socket is noticed by the receive loop.</summary>
    private async Task ReplyAsync(Func<Task<byte[]>> reply) => Reply(await reply().ConfigureAwait(false));
}
