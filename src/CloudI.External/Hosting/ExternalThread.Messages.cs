using System.Text;
using CloudI.External.Protocol;
using CloudI.Names;
using CloudI.Services;
using CloudI.Transactions;

namespace CloudI.External.Hosting;

internal sealed partial class ExternalThread
{
    private static readonly byte[] s_nullTransId = new byte[16];

    /// <summary>
    /// Handles one decoded message. Anything that can wait (sends, receives) replies from a task
    /// of its own, so the loop keeps reading: a library blocked in send_sync still answers a
    /// request delivered meanwhile (§6.2).
    /// </summary>
    private void Handle(ExternalMessage message)
    {
        CheckState(message);
        switch (message)
        {
            case InitMessage:
                Reply(RuntimeMessages.Init(_process.InitParameters, _flavor, framed: !_datagram));
                if (_datagram)
                {
                    _keepaliveSeen = true;
                    Reply(RuntimeMessages.Keepalive());
                    _keepalive = new Timer(_ => CheckKeepalive(), null, 5000, 5000);
                }

                break;

            case PollingMessage:
                SetReady();
                _polled.TrySetResult();
                break;

            case KeepaliveMessage:
                _keepaliveSeen = true;
                break;

            case PidMessage pid:
                _process.ReportOsPid(pid.OsPid);
                break;

            case SubscriptionMessage subscription:
                HandleSubscription(subscription);
                break;

            case SendMessage send:
                HandleSend(send);
                break;

            case RecvAsyncMessage recv:
                _ = ReplyAsync(async () =>
                {
                    RecvAsyncResult r = await Dispatcher.RecvAsync(recv.Timeout, TransId.FromBytes(recv.TransId.Span),
                        recv.Consume).ConfigureAwait(false);
                    return RuntimeMessages.RecvAsync(r.ResponseInfo.Span, r.Response.Span, r.TransId.ToByteArray(),
                        framed: !_datagram);
                });
                break;

            case ReturnMessage ret:
                HandleReturn(ret);
                break;

            case ForwardMessage forward:
                HandleForward(forward);
                break;

            case ShutdownMessage shutdown:
                _polled.TrySetResult();
                _process.ShutdownRequested(shutdown.Reason.IsEmpty ? "shutdown" : Text(shutdown.Reason));
                break;

            default:
                throw new ExternalProtocolException($"unexpected message {message.Kind}");
        }
    }

    /// <summary>
    /// §4.1 thread states: before <c>init</c> (CONNECT) only <c>{pid, OsPid}</c> and <c>init</c>
    /// are accepted, and neither of them afterwards (HANDLE); 2.0.x also rejects
    /// <c>send_sync</c>/<c>recv_async</c> before <c>polling</c> (<c>invalid_state</c>).
    /// </summary>
    private void CheckState(ExternalMessage message)
    {
        bool connectMessage = message is InitMessage or PidMessage;
        if (!_initReceived)
        {
            if (!connectMessage)
            {
                throw new ExternalProtocolException($"{message.Kind} before init");
            }

            _initReceived = message is InitMessage;
        }
        else if (connectMessage)
        {
            throw new ExternalProtocolException($"{message.Kind} after init");
        }
        else if (!_polled.Task.IsCompleted
            && (message is RecvAsyncMessage || message is SendMessage { Kind: ExternalMessageKind.SendSync }))
        {
            throw new ExternalProtocolException($"{message.Kind} before polling (invalid_state)");
        }
    }

    private void HandleSubscription(SubscriptionMessage message)
    {
        string pattern = Text(message.Pattern);
        try
        {
            switch (message.Kind)
            {
                case ExternalMessageKind.Subscribe:
                    Dispatcher.Subscribe(pattern);
                    break;
                case ExternalMessageKind.Unsubscribe:
                    Dispatcher.Unsubscribe(pattern);
                    break;
                default:
                    uint count = (uint)Dispatcher.SubscribeCount(pattern);
                    Reply(RuntimeMessages.SubscribeCount(count, framed: !_datagram));
                    break;
            }
        }
        catch (Exception e) when (e is InvalidServiceNameException or InvalidOperationException)
        {
            throw new ExternalProtocolException($"{message.Kind} \"{pattern}\": {e.Message}");
        }
    }

    private void HandleSend(SendMessage send)
    {
        string name = Text(send.Name);
        bool framed = !_datagram;
        switch (send.Kind)
        {
            case ExternalMessageKind.SendAsync:
                _ = ReplyAsync(async () =>
                {
                    CloudIResult<TransId> r = await Dispatcher.SendAsync(name, send.RequestInfo, send.Request,
                        send.Timeout, send.Priority).ConfigureAwait(false);
                    return RuntimeMessages.ReturnAsync(r.IsOk ? r.Value.ToByteArray() : s_nullTransId, framed);
                });
                break;

            case ExternalMessageKind.SendSync:
                _ = ReplyAsync(async () =>
                {
                    SendSyncResult r = await Dispatcher.SendSync(name, send.RequestInfo, send.Request, send.Timeout,
                        send.Priority).ConfigureAwait(false);
                    return RuntimeMessages.ReturnSync(r.ResponseInfo.Span, r.Response.Span, r.TransId.ToByteArray(), framed);
                });
                break;

            default:
                _ = ReplyAsync(async () =>
                {
                    CloudIResult<IReadOnlyList<TransId>> r = await Dispatcher.McastAsync(name, send.RequestInfo,
                        send.Request, send.Timeout, send.Priority).ConfigureAwait(false);
                    IReadOnlyList<TransId> ids = r.IsOk ? r.Value : [];
                    byte[] all = new byte[16 * ids.Count];
                    for (int k = 0; k < ids.Count; k++)
                    {
                        ids[k].WriteBytes(all.AsSpan(16 * k, 16));
                    }

                    return RuntimeMessages.ReturnsAsync(all, framed);
                });
                break;
        }
    }

    private void HandleReturn(ReturnMessage ret)
    {
        ServiceRequest current = CurrentMatching(ret.IsSync, ret.TransId.Span, ret.Source, "return");
        if (!SameText(ret.Name.Span, current.Name) || !SameText(ret.Pattern.Span, current.Pattern))
        {
            throw new ExternalProtocolException(
                $"return for \"{Text(ret.Name)}\"/\"{Text(ret.Pattern)}\" while handling \"{current.Name}\"/\"{current.Pattern}\"");
        }

        // The library is free again: the next queued request goes out first, and the response
        // (whose sender may go on inline on this thread, e.g. to write an HTTP reply) after it,
        // so the library works while the response travels. The timeout adjustment needs the
        // request as it was handled, so it is applied here, before the request ends.
        uint timeout = Dispatcher.AdjustedTimeout(current, ret.Timeout);
        _requestDone.Complete();
        Dispatcher.Return(current.Type, current.Name, current.Pattern, ret.ResponseInfo, ret.Response, timeout,
            current.TransId, current.Source);
    }

    private void HandleForward(ForwardMessage forward)
    {
        ServiceRequest current = CurrentMatching(forward.IsSync, forward.TransId.Span, forward.Source, "forward");
        uint timeout = Dispatcher.AdjustedTimeout(current, forward.Timeout);
        _requestDone.Complete(); // as for a return: the next request first
        Dispatcher.Forward(current.Type, Text(forward.Name), forward.RequestInfo, forward.Request, timeout,
            forward.Priority, current.TransId, current.Source);
    }

    /// <summary>2.0.x rule (§4.1): a return or forward must answer exactly the request in progress.</summary>
    private ServiceRequest CurrentMatching(bool sync, ReadOnlySpan<byte> transId, ExternalPid source, string what)
    {
        ServiceRequest current = Current
            ?? throw new ExternalProtocolException($"{what} without a request in progress");
        if (sync != (current.Type == RequestType.SendSync))
        {
            throw new ExternalProtocolException($"{what}_{(sync ? "sync" : "async")} for a {current.Type} request");
        }

        if (TransId.FromBytes(transId) != current.TransId)
        {
            throw new ExternalProtocolException($"{what} for TransId {TransId.FromBytes(transId)}, not {current.TransId}");
        }

        if (!source.Equals(_pids.Of(current.Source).Pid))
        {
            throw new ExternalProtocolException($"{what} with a Source that is not the request's");
        }

        return current;
    }

    private void CheckKeepalive()
    {
        if (!_keepaliveSeen)
        {
            Fail(null, "keepalive_timeout");
            return;
        }

        _keepaliveSeen = false;
        Reply(RuntimeMessages.Keepalive());
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary>
    /// Whether <paramref name="utf8"/> decodes to <paramref name="text"/>; names are almost always
    /// ASCII, compared without decoding (every return is checked).
    /// </summary>
    private static bool SameText(ReadOnlySpan<byte> utf8, string text) =>
        Ascii.IsValid(utf8) ? Ascii.Equals(utf8, text) : Encoding.UTF8.GetString(utf8) == text;
}
