using System.Text;
using CloudI.Api.Internal;

namespace CloudI.Api;

public sealed partial class CloudIApi
{
    private const int PollSlice = 1_000_000;

    private byte[] _replyArray = [];
    private int _replyOffset;
    private int _replyLength;

    private enum PumpResult
    {
        Reply,
        Timeout,
        Terminated,
    }

    /// <summary>
    /// Serves requests until <paramref name="timeout"/> ms pass (−1: until termination; 0: only what
    /// is already there). The first call tells the runtime that initialisation is complete.
    /// Returns true when the timeout elapsed, false when the service must stop (TERM or the
    /// runtime closed the socket): exit within <see cref="TimeoutTerminate"/> ms.
    /// </summary>
    /// <exception cref="CloudIMessageDecodingException">The runtime sent something invalid.</exception>
    public bool Poll(int timeout = -1)
    {
        if (_terminate)
        {
            return false;
        }

        if (!_initializationComplete)
        {
            _initializationComplete = true;
            try
            {
                Send(_writer.Start().Atom(Atoms.Polling));
            }
            catch (CloudITerminateException)
            {
                return false; // the runtime is gone
            }
        }

        return Pump(0, timeout) switch
        {
            PumpResult.Timeout => true,
            PumpResult.Terminated => false,
            _ => throw new CloudIMessageDecodingException("a reply arrived while polling"),
        };
    }

    /// <summary>
    /// Reads messages until the reply <paramref name="expected"/> arrives (0 while polling),
    /// delivering requests, KEEPALIVE, REINIT and TERM on the way (§6.2: a request may arrive
    /// while a send_sync or recv_async waits). A reply is left in the reply view.
    /// </summary>
    private PumpResult Pump(MessageCode expected, int timeoutMs)
    {
        long deadline = timeoutMs > 0 ? Environment.TickCount64 + timeoutMs : 0;
        while (true)
        {
            if (_terminate)
            {
                return PumpResult.Terminated;
            }

            int wait = -1;
            if (timeoutMs >= 0)
            {
                wait = timeoutMs == 0 ? 0 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, PollSlice);
            }

            if (!_transport.WaitReadable(wait))
            {
                if (timeoutMs == 0 || Environment.TickCount64 >= deadline)
                {
                    return PumpResult.Timeout;
                }

                continue;
            }

            if (!_transport.Receive(out byte[] array, out int offset, out int length))
            {
                _terminate = true;
                return PumpResult.Terminated;
            }

            var reader = new MessageReader(array.AsSpan(offset, length));
            var code = (MessageCode)reader.U32();
            switch (code)
            {
                case MessageCode.SendAsync:
                case MessageCode.SendSync:
                    // The request gets an array of its own: its slices outlive the receive buffer.
                    byte[] message = array.AsSpan(offset, length).ToArray();
                    var fields = new MessageReader(message, 4);
                    IncomingRequest request = IncomingRequest.Read(code == MessageCode.SendSync, ref fields);
                    if (!HandleEvents(message, fields.Position))
                    {
                        return PumpResult.Terminated;
                    }

                    HandleRequest(message, request);
                    break;

                case MessageCode.Keepalive:
                case MessageCode.Reinit:
                case MessageCode.Term:
                    if (!HandleEvents(array.AsSpan(offset, length), 0))
                    {
                        return PumpResult.Terminated;
                    }

                    break;

                default:
                    if (code != expected || expected == 0)
                    {
                        throw new CloudIMessageDecodingException($"unexpected message code {(uint)code} from the runtime");
                    }

                    _replyArray = array;
                    _replyOffset = offset;
                    _replyLength = length;
                    return PumpResult.Reply;
            }
        }
    }

    /// <summary>Waits for a reply; TERM or a closed socket while waiting throws.</summary>
    private MessageReader WaitForReply(MessageCode expected)
    {
        if (Pump(expected, -1) != PumpResult.Reply)
        {
            throw new CloudITerminateException(TimeoutTerminate);
        }

        return new MessageReader(ReplySpan, 4);
    }

    private ReadOnlySpan<byte> ReplySpan => _replyArray.AsSpan(_replyOffset, _replyLength);

    /// <summary>Handles what follows a parsed reply in the same frame (KEEPALIVE, REINIT, TERM).</summary>
    private void FinishReply(in MessageReader reader)
    {
        if (!HandleEvents(ReplySpan, reader.Position))
        {
            throw new CloudITerminateException(TimeoutTerminate);
        }
    }

    /// <summary>
    /// KEEPALIVE, REINIT and TERM, possibly several in one frame from <paramref name="position"/>
    /// on. False after TERM.
    /// </summary>
    private bool HandleEvents(ReadOnlySpan<byte> data, int position)
    {
        var reader = new MessageReader(data, position);
        while (!reader.AtEnd)
        {
            switch ((MessageCode)reader.U32())
            {
                case MessageCode.Term:
                    _terminate = true;
                    return false;

                case MessageCode.Reinit:
                    ProcessCount = (int)reader.U32();
                    if (WireVersion == ApiWireVersion.Version20)
                    {
                        TimeoutAsync = reader.U32();
                        TimeoutSync = reader.U32();
                        PriorityDefault = reader.I8();
                        FatalExceptions = reader.U8() != 0;
                    }

                    break;

                case MessageCode.Keepalive:
                    Send(_writer.Start().Atom(Atoms.Keepalive));
                    break;

                default:
                    throw new CloudIMessageDecodingException("unexpected message after another in one frame");
            }
        }

        return true;
    }

    /// <summary>Reads INIT (§5.2, §5.3 for 1.5.3).</summary>
    private void ReadInit()
    {
        var reader = new MessageReader(ReplySpan, 4);
        ProcessIndex = (int)reader.U32();
        ProcessCount = (int)reader.U32();
        ProcessCountMax = (int)reader.U32();
        ProcessCountMin = (int)reader.U32();
        (int offset, int length) = reader.Str();
        Prefix = Encoding.UTF8.GetString(ReplySpan.Slice(offset, length));
        TimeoutInitialize = reader.U32();
        TimeoutAsync = reader.U32();
        TimeoutSync = reader.U32();
        TimeoutTerminate = reader.U32();
        PriorityDefault = reader.I8();
        if (WireVersion == ApiWireVersion.Version20)
        {
            FatalExceptions = reader.U8() != 0;
            _ = reader.I32(); // bind: always −1 (CPU binding is not offered)
        }
        else
        {
            RequestTimeoutAdjustment = reader.U8() != 0;
        }

        FinishReply(reader);
    }
}
