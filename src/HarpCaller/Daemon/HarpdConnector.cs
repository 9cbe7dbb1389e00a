using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using HarpCaller.Hosts;
using HarpCaller.Jobs;
using HarpCaller.Protocol;
using HarpCaller.Transport;

namespace HarpCaller.Daemon;

/// <summary>
/// Runs one call on a harpd: one TLS connection per call (spec 2), the request line, the ack,
/// stream packets and the final message, under the job's two time limits. Returns the job's
/// terminal reply; failures come back as <see cref="HarpdFailure"/>, a stop as
/// <see cref="OperationCanceledException"/> (closing the connection at once).
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
        var certificateRejected = false;
        var execDeadline = DateTimeOffset.MaxValue;
        var waitingFor = "the connection";
        var execLimit = new StrongBox<bool>(false);

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            limit.CancelAfter(Clamp(job.Timeout));
            if (isIp) await socket.ConnectAsync(new IPEndPoint(ip!, port), limit.Token).ConfigureAwait(false);
            else await socket.ConnectAsync(address, port, limit.Token).ConfigureAwait(false);

            // max_exec_time counts from the established connection (queue time excluded).
            execDeadline = time.GetUtcNow() + job.MaxExecTime;
            await using var network = new NetworkStream(socket, ownsSocket: false);
            await using var tls = new SslStream(network, leaveInnerStreamOpen: true);
            var options = new SslClientAuthenticationOptions
            {
                // Host names are not checked (spec 2.1); the name serves SNI and session resumption.
                TargetHost = host.Hostname,
                EnabledSslProtocols = current.Protocols,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                CertificateChainPolicy = current.Policy.ChainPolicy(),
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    var ok = current.Policy.Validate(cert, (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0);
                    certificateRejected = !ok;
                    return ok;
                },
            };
            waitingFor = "the TLS handshake";
            await tls.AuthenticateAsClientAsync(options, limit.Token).ConfigureAwait(false);

            var request = HarpdRequest.Encode(job.Procedure, job.ArgumentsJson, host.Credentials.User, host.Credentials.Password);
            await tls.WriteAsync(request, limit.Token).ConfigureAwait(false);
            await tls.FlushAsync(limit.Token).ConfigureAwait(false);

            using var lines = new LineReader(tls, current.MaxLineBytes, 16 * 1024);
            waitingFor = "the acknowledgement";
            var first = await ReadAsync(lines, limit, job, execDeadline, execLimit).ConfigureAwait(false);
            var message = HarpdMessageParser.Parse(first.Span, acknowledged: false);
            switch (message)
            {
                case HarpdError e:
                    return ClientReplies.OutcomeErrorRaw(e.ObjectJson);
                case HarpdAck:
                    break;
                default:
                    throw new ProtocolException("protocol_error", "daemon did not acknowledge the call");
            }

            while (true)
            {
                waitingFor = "the next message";
                var line = await ReadAsync(lines, limit, job, execDeadline, execLimit).ConfigureAwait(false);
                switch (HarpdMessageParser.Parse(line.Span, acknowledged: true))
                {
                    case HarpdStream s:
                        await onPacket(s.DataJson).ConfigureAwait(false);
                        break;
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
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e) when (limit.IsCancellationRequested)
        {
            // Decided by which limit was armed, not by re-reading the clock: a timer may fire a
            // hair before the wall clock reaches the deadline.
            if (execLimit.Value || time.GetUtcNow() >= execDeadline)
                throw new HarpdFailure("timeout", "max_exec_time exceeded", "max_exec_time", e);
            throw new HarpdFailure("timeout", $"timeout waiting for {waitingFor} from the daemon", "timeout", e);
        }
        catch (Exception e) when (e is not HarpdFailure)
        {
            if (stopping.IsCancellationRequested) throw new OperationCanceledException(stopping);
            throw FailureClassifier.Classify(e, certificateRejected);
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadAsync(
        LineReader lines, CancellationTokenSource limit, JobRecord job, DateTimeOffset execDeadline, StrongBox<bool> execLimited)
    {
        var remaining = execDeadline - time.GetUtcNow();
        execLimited.Value = remaining <= job.Timeout;
        limit.CancelAfter(Clamp(execLimited.Value ? remaining : job.Timeout));
        var line = await lines.ReadLineAsync(limit.Token).ConfigureAwait(false);
        return line ?? throw new HarpdFailure("network_error", "daemon closed the connection before the result", "closed");
    }

    private static TimeSpan Clamp(TimeSpan t) =>
        t <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : t > LongestWait ? LongestWait : t;
}
