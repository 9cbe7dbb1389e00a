using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using HarpCaller.Hosts;
using HarpCaller.Jobs;
using HarpCaller.Protocol;
using HarpCaller.Transport;
using HarpCaller.Transport.OpenSsl;

namespace HarpCaller.Daemon;

/// <summary>
/// Runs one call on a harpd: one TLS connection per call (spec 2), the request line, the ack,
/// stream packets and the final message, under the job's two time limits. Returns the job's
/// terminal reply; failures come back as <see cref="HarpdFailure"/>, a stop as
/// <see cref="OperationCanceledException"/> (closing the connection at once). TLS goes through
/// OpenSSL directly, resuming the daemon's last session, unless the settings call for the
/// runtime's client (<see cref="HarpdConnectorSettings.NativeTlsFor"/>).
/// </summary>
internal sealed class HarpdConnector(Func<HarpdConnectorSettings> settings, TimeProvider time)
{
    // CancelAfter's limit; longer waits are for practical purposes infinite.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(24);

    public async Task<byte[]> CallAsync(
        HostEntry host, JobRecord job, Func<byte[], ValueTask> onPacket, CancellationToken stopping)
    {
        var current = settings();
        if (!host.TryGetPort(out var port) || port is < 1 or > 65535)
            throw new HarpdFailure("network_error", "the hosts registry has an invalid port for this host", "bad_address");
        var address = host.Address;
        var isIp = IPAddress.TryParse(address, out var ip);
        if (!isIp && Uri.CheckHostName(address) != UriHostNameType.Dns)
            throw new HarpdFailure("network_error", "the hosts registry has an invalid address for this host", "bad_address");

        using var limit = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stopLink = stopping.Register(static s => ((CancellationTokenSource)s!).Cancel(), limit);
        var call = new CallState(host, port, isIp ? new IPEndPoint(ip!, port) : null);
        Socket? socket = null;
        Stream? tls = null;
        try
        {
            limit.CancelAfter(Clamp(job.Timeout));
            (socket, tls) = await OpenAsync(current, call, job, limit.Token).ConfigureAwait(false);
            var outcome = await ExchangeAsync(tls, current, call, job, onPacket, limit).ConfigureAwait(false);
            if (tls is OpenSslClientStream native) RememberSession(current.NativeTls!, call.Peer, native);
            return outcome;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e) when (limit.IsCancellationRequested)
        {
            // Decided by which limit was armed, not by re-reading the clock: a timer may fire a
            // hair before the wall clock reaches the deadline.
            if (call.ExecLimited || time.GetUtcNow() >= call.ExecDeadline)
                throw new HarpdFailure("timeout", "max_exec_time exceeded", "max_exec_time", e);
            throw new HarpdFailure("timeout", $"timeout waiting for {call.WaitingFor} from the daemon", "timeout", e);
        }
        catch (Exception e) when (e is not HarpdFailure)
        {
            if (stopping.IsCancellationRequested) throw new OperationCanceledException(stopping);
            throw FailureClassifier.Classify(e, call.CertificateRejected);
        }
        finally
        {
            tls?.Dispose();
            socket?.Dispose();
        }
    }

    /// <summary>Connects and completes the TLS handshake, the certificate rule included.</summary>
    private async Task<(Socket Socket, Stream Tls)> OpenAsync(
        HarpdConnectorSettings current, CallState call, JobRecord job, CancellationToken cancellationToken)
    {
        var native = current.NativeTls;
        var session = native?.SessionFor(call.Peer);
        while (true)
        {
            call.WaitingFor = "the connection";
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (call.Endpoint is not null) await socket.ConnectAsync(call.Endpoint, cancellationToken).ConfigureAwait(false);
                else await socket.ConnectAsync(call.Host.Address, call.Port, cancellationToken).ConfigureAwait(false);
                // The TLS work (handshake, certificate check, record crypto) stays off the socket
                // engine's event threads: here after the connect, and after every wait of the streams.
                await ThreadPoolHop.Instance;
                // max_exec_time counts from the established connection (queue time excluded).
                if (call.ExecDeadline == DateTimeOffset.MaxValue) call.ExecDeadline = time.GetUtcNow() + job.MaxExecTime;
                call.WaitingFor = "the TLS handshake";
                if (native is null) return (socket, await SslStreamAsync(socket, current, call, cancellationToken).ConfigureAwait(false));

                var stream = new OpenSslClientStream(socket, native);
                try
                {
                    await stream.HandshakeAsync(call.Host.Hostname, session, cancellationToken).ConfigureAwait(false);
                }
                catch (AuthenticationException) when (session is not null)
                {
                    // The remembered session (and the version it pins) may no longer suit the
                    // daemon (restarted, reconfigured): forget it, try once more in full.
                    stream.Dispose();
                    socket.Dispose();
                    native.Forget(call.Peer);
                    session = null;
                    continue;
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
                // Spec 2.1, checked on every connection, resumed ones included (the session keeps
                // the daemon's certificate). No rule: nothing to look at.
                if (!current.Policy.AcceptsAny && !current.Policy.ValidateLeaf(stream.GetPeerCertificate()))
                {
                    stream.Dispose();
                    call.CertificateRejected = true;
                    throw new AuthenticationException("the daemon's TLS certificate was rejected");
                }
                return (socket, stream);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>The runtime's TLS client: for a <c>ca_file</c> rule (chain validation) and TLS 1.0/1.1.</summary>
    private static async Task<Stream> SslStreamAsync(Socket socket, HarpdConnectorSettings current, CallState call, CancellationToken cancellationToken)
    {
        // SslStream writes the request apart from the handshake: no Nagle delay between them.
        socket.NoDelay = true;
        var network = new ThreadPoolNetworkStream(socket, ownsSocket: false);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            // Host names are not checked (spec 2.1); the name serves SNI and session resumption.
            TargetHost = call.Host.Hostname,
            EnabledSslProtocols = current.Protocols,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            CertificateChainPolicy = current.Policy.ChainPolicy(),
            RemoteCertificateValidationCallback = (_, cert, _, errors) =>
            {
                var ok = current.Policy.Validate(cert, (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0);
                call.CertificateRejected = !ok;
                return ok;
            },
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return tls;
    }

    /// <summary>The request, the acknowledgement, stream packets and the terminal message.</summary>
    private async Task<byte[]> ExchangeAsync(
        Stream tls, HarpdConnectorSettings current, CallState call, JobRecord job, Func<byte[], ValueTask> onPacket, CancellationTokenSource limit)
    {
        var request = HarpdRequest.Encode(job.Procedure, job.ArgumentsJson, call.Host.Credentials.User, call.Host.Credentials.Password);
        await tls.WriteAsync(request, limit.Token).ConfigureAwait(false);
        await tls.FlushAsync(limit.Token).ConfigureAwait(false);

        using var lines = new LineReader(tls, current.MaxLineBytes, 16 * 1024);
        call.WaitingFor = "the acknowledgement";
        var first = await ReadAsync(lines, limit, job, call).ConfigureAwait(false);
        var message = HarpdMessageParser.Parse(first.Span, acknowledged: false);
        bool streaming;
        switch (message)
        {
            case HarpdError e:
                return ClientReplies.OutcomeErrorRaw(e.ObjectJson);
            case HarpdAck ack:
                streaming = ack.StreamResult;
                break;
            default:
                throw new ProtocolException("protocol_error", "daemon did not acknowledge the call");
        }

        while (true)
        {
            call.WaitingFor = "the next message";
            var line = await ReadAsync(lines, limit, job, call).ConfigureAwait(false);
            switch (HarpdMessageParser.Parse(line.Span, acknowledged: true))
            {
                case HarpdStream s when streaming:
                    await onPacket(s.DataJson).ConfigureAwait(false);
                    break;
                case HarpdStream:
                    // Spec §2: a plain procedure sends one result line; anything else is a protocol error.
                    throw new ProtocolException("protocol_error", "stream packet from a procedure acknowledged as not streaming");
                case HarpdResult r:
                    return ClientReplies.OutcomeResult(r.ValueJson);
                case HarpdException x:
                    return ClientReplies.OutcomeExceptionRaw(x.ObjectJson);
                case HarpdError e:
                    return ClientReplies.OutcomeErrorRaw(e.ObjectJson);
                default:
                    throw new ProtocolException("protocol_error", "unexpected message after the acknowledgement");
            }
        }
    }

    /// <summary>Keeps the connection's session for the next call to the same daemon.</summary>
    private static void RememberSession(OpenSslClientContext native, string peer, OpenSslClientStream stream)
    {
        // A resumed TLS 1.2 session is the one already remembered; TLS 1.3 hands out a new ticket
        // on every connection.
        if (stream.Resumed && stream.Protocol < OpenSslInterop.Tls13Version) return;
        if (stream.TakeSession() is { } session) native.Remember(peer, session);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadAsync(LineReader lines, CancellationTokenSource limit, JobRecord job, CallState call)
    {
        var remaining = call.ExecDeadline - time.GetUtcNow();
        call.ExecLimited = remaining <= job.Timeout;
        limit.CancelAfter(Clamp(call.ExecLimited ? remaining : job.Timeout));
        var line = await lines.ReadLineAsync(limit.Token).ConfigureAwait(false);
        return line ?? throw new HarpdFailure("network_error", "daemon closed the connection before the result", "closed");
    }

    private static TimeSpan Clamp(TimeSpan t) =>
        t <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : t > LongestWait ? LongestWait : t;

    /// <summary>What one call learns along the way, for its error messages and its session.</summary>
    private sealed class CallState(HostEntry host, int port, IPEndPoint? endpoint)
    {
        public HostEntry Host { get; } = host;

        public int Port { get; } = port;

        /// <summary>Null when the address is a name to resolve.</summary>
        public IPEndPoint? Endpoint { get; } = endpoint;

        /// <summary>Sessions are kept per daemon: registry name, address and port.</summary>
        public string Peer { get; } = $"{host.Hostname}\n{host.Address}\n{port}";

        public string WaitingFor { get; set; } = "the connection";

        public bool CertificateRejected { get; set; }

        public DateTimeOffset ExecDeadline { get; set; } = DateTimeOffset.MaxValue;

        /// <summary>Whether the limit armed last was max_exec_time (not the per-message timeout).</summary>
        public bool ExecLimited { get; set; }
    }
}
