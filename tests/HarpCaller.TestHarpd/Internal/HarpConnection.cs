using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// One harpd connection: TLS handshake, one request line, one procedure run, close. Lifecycle and
/// teardown live here; the reply-writing API used by procedures is in <c>HarpConnection.Replies.cs</c>,
/// waiting and peer-close detection in <c>HarpConnection.Peer.cs</c>.
/// </summary>
internal sealed partial class HarpConnection
{
    private readonly TestHarpd _server;
    private readonly TestHarpdOptions _options;
    private readonly Socket _socket;
    private readonly SslStream _ssl;

    // Guards teardown: Abort may come from the server's disposal, the peer watcher and RunAsync at once,
    // and CancellationTokenSource must not be cancelled concurrently with its disposal.
    private readonly Lock _gate = new();

    // Cancelled when the connection is aborted or the peer closes; ends procedure waits.
    private readonly CancellationTokenSource _stop = new();

    // Deadline of the network operation in progress, re-armed per operation; replaced once it fires.
    private CancellationTokenSource _ioDeadline = new();

    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private readonly JsonLineWriter _json;
    private Task? _peerWatch;
    private bool _aborted;
    private bool _disposed;
    private bool _ackWritten;

    public HarpConnection(TestHarpd server, TestHarpdOptions options, Socket socket, long id)
    {
        _server = server;
        _options = options;
        _socket = socket;
        Id = id;
        _ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        _json = new JsonLineWriter(_output, options.PythonStyleJson ? JsonStyle.Python : JsonStyle.Compact);
    }

    public long Id { get; }

    /// <summary>Completes (never faults) when the connection is closed and its resources released.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>
    /// Tears the connection down: pending I/O fails, waits end. Idempotent; traces the first
    /// non-null <paramref name="reason"/> only.
    /// </summary>
    public void Abort(string? reason)
    {
        lock (_gate)
        {
            if (_aborted)
            {
                return;
            }

            _aborted = true;
            if (reason is not null)
            {
                Trace("aborted: " + reason);
            }

            // Disposing the socket is what unblocks reads and writes in flight. It comes first because
            // Cancel may run a waiting procedure's continuation inline, which should find it gone.
            _socket.Dispose();
            if (!_disposed)
            {
                _stop.Cancel();
            }
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await ServeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or AuthenticationException or OperationCanceledException or TimeoutException)
        {
            Abort(Describe(e));
        }
        catch (Exception e)
        {
            // A bug in this test daemon must not take the process down; it shows in the trace.
            Abort("unexpected failure: " + e);
        }
        finally
        {
            Abort(null);
            if (_peerWatch is not null)
            {
                await _peerWatch.ConfigureAwait(false); // ends promptly: the socket is gone
            }

            lock (_gate)
            {
                _disposed = true;
                _stop.Dispose();
                _ioDeadline.Dispose();
            }

            _ssl.Dispose();
            _server.OnConnectionClosed(this);
        }
    }

    private async Task ServeAsync()
    {
        _ioDeadline.CancelAfter(_options.HandshakeTimeout);
        await _ssl.AuthenticateAsServerAsync(_server.SslOptions, _ioDeadline.Token).ConfigureAwait(false);
        _ioDeadline.CancelAfter(Timeout.InfiniteTimeSpan);
        if (_server.IsTracing)
        {
            Trace($"TLS established: {_ssl.SslProtocol}, {_ssl.NegotiatedCipherSuite}");
        }

        using var reader = new LineReader();
        LineReadStatus status;
        _ioDeadline.CancelAfter(_options.RequestTimeout);
        try
        {
            status = await reader.ReadLineAsync(_ssl, _options.MaxRequestLineBytes, _ioDeadline.Token).ConfigureAwait(false);
            _ioDeadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        catch (OperationCanceledException) when (_ioDeadline.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            // Like the original daemon: a client that does not send its request in time gets an error.
            RenewIoDeadline();
            ReplyEncoder.Error(_json, HarpErrorTypes.Timeout, "no complete request line within " + _options.RequestTimeout);
            Trace("request timed out");
            await FinishAsync(CloseMode.Graceful).ConfigureAwait(false);
            return;
        }

        switch (status)
        {
            case LineReadStatus.EndOfStream:
                Trace("peer closed before sending a complete request");
                return;
            case LineReadStatus.TooLong:
                ReplyEncoder.Error(_json, HarpErrorTypes.InvalidRequest, $"request line longer than {_options.MaxRequestLineBytes} bytes");
                Trace("request line too long");
                await FinishAsync(CloseMode.Graceful).ConfigureAwait(false);
                return;
        }

        _server.OnRequestSeen();
        HarpRequest request;
        try
        {
            request = RequestParser.Parse(reader.Line);
        }
        catch (HarpRequestException e)
        {
            ReplyEncoder.Error(_json, e.ErrorType, e.Message);
            Trace($"rejected request: {e.ErrorType}: {e.Message}");
            await FinishAsync(CloseMode.Graceful).ConfigureAwait(false);
            return;
        }

        using (request)
        {
            await RunProcedureAsync(request).ConfigureAwait(false);
        }
    }

    private async Task RunProcedureAsync(HarpRequest request)
    {
        _server.OnRequestParsed(request.Procedure);
        if (!_server.Authenticate(request))
        {
            // Checked before the procedure name, so an unauthenticated caller learns nothing about procedures.
            ReplyEncoder.Error(_json, HarpErrorTypes.AuthError, "authentication failed");
            Trace($"authentication failed for user {request.User}");
            await FinishAsync(CloseMode.Graceful).ConfigureAwait(false);
            return;
        }

        if (!BuiltInProcedures.TryGet(request.Procedure, out ProcedureHandler? handler))
        {
            ReplyEncoder.Error(_json, HarpErrorTypes.NoSuchProcedure, "no such procedure: " + request.Procedure);
            Trace("no such procedure: " + request.Procedure);
            await FinishAsync(CloseMode.Graceful).ConfigureAwait(false);
            return;
        }

        if (_server.IsTracing)
        {
            Trace("calling " + request.Procedure);
        }

        CloseMode mode;
        try
        {
            mode = await handler(this, new ProcedureArguments(request.Arguments)).ConfigureAwait(false);
        }
        catch (BadArgumentsException e)
        {
            if (!_ackWritten)
            {
                WriteAck(streamResult: false);
            }

            ReplyEncoder.Exception(_json, HarpErrorTypes.BadArguments, e.Message);
            mode = CloseMode.Graceful;
        }

        await FinishAsync(mode).ConfigureAwait(false);
    }

    /// <summary>Sends what is buffered, then closes as <paramref name="mode"/> says.</summary>
    private async Task FinishAsync(CloseMode mode)
    {
        await FlushAsync().ConfigureAwait(false);
        if (mode == CloseMode.Graceful && _options.SendCloseNotify)
        {
            Task shutdown = _ssl.ShutdownAsync();
            try
            {
                await shutdown.WaitAsync(_options.WriteTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The abandoned shutdown fails once the socket is disposed; nobody else will look at it.
                _ = shutdown.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
        }

        // FIN now, so the peer sees the end promptly even while we linger below.
        _socket.Shutdown(SocketShutdown.Send);

        if (_options.LingerTimeout > TimeSpan.Zero)
        {
            // Waiting for the peer's own close before releasing the socket means no unread bytes
            // (a late TLS alert, say) make the kernel answer with a reset that could destroy replies
            // the peer has not read yet.
            try
            {
                await EnsurePeerWatch().WaitAsync(_options.LingerTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Trace("peer did not close within the linger time");
            }
        }
    }

    private void RenewIoDeadline()
    {
        lock (_gate)
        {
            _ioDeadline.Dispose();
            _ioDeadline = new CancellationTokenSource();
        }
    }

    private string Describe(Exception e) => e switch
    {
        OperationCanceledException when _stop.IsCancellationRequested && PeerClosed => "peer closed the connection",
        OperationCanceledException when _stop.IsCancellationRequested => "stopped",
        OperationCanceledException => "network operation timed out",
        TimeoutException => "network operation timed out",
        // The inner exception carries OpenSSL's reason (e.g. "unsupported protocol"), the useful part.
        _ when e.InnerException is { } inner => $"{e.GetType().Name}: {e.Message} ({inner.GetType().Name}: {inner.Message})",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    internal void Trace(string message) => _server.TraceConnection(Id, message);
}
