using System.Text;

namespace CloudI.External.Protocol;

/// <summary>
/// Decodes one external→runtime ETF payload (without the stream length prefix) structurally into an
/// <see cref="ExternalMessage"/> and applies every shape and range check of spec §4.1. Anything else —
/// malformed ETF, unknown message, wrong arity or type, out-of-range value, trailing bytes — throws
/// <see cref="ExternalProtocolException"/> and nothing else. Allocates only the message object (and a
/// byte array for strings sent as LIST_EXT); byte fields slice <c>payload</c>.
/// </summary>
public static class ExternalMessageDecoder
{
    /// <summary>Largest timeout a message may carry.</summary>
    public const uint TimeoutMax = uint.MaxValue;

    /// <summary>Decodes <paramref name="payload"/> with the validation rules of <paramref name="flavor"/>.</summary>
    /// <exception cref="ExternalProtocolException">The payload is not a valid message.</exception>
    public static ExternalMessage Decode(ReadOnlyMemory<byte> payload, WireFlavor flavor)
    {
        var reader = new EtfReader(payload);
        reader.ReadVersion();
        byte tag = reader.PeekTag();
        ExternalMessage message;
        if (EtfReader.IsAtomTag(tag))
            message = DecodeAtom(reader.ReadAtom(out _));
        else if (EtfReader.IsTupleTag(tag))
            message = DecodeTuple(ref reader, flavor);
        else
            throw EtfReader.Error($"a message is an atom or a tuple, got {EtfReader.Describe(tag)}");
        if (!reader.AtEnd)
            EtfReader.Fail($"{reader.Remaining} trailing byte(s) after the term");
        return message;
    }

    /// <summary>Decodes a payload held in an array (see <see cref="Decode(ReadOnlyMemory{byte}, WireFlavor)"/>).</summary>
    public static ExternalMessage Decode(byte[] payload, WireFlavor flavor) =>
        Decode(new ReadOnlyMemory<byte>(payload ?? throw new ArgumentNullException(nameof(payload))), flavor);

    private static ExternalMessage DecodeAtom(ReadOnlySpan<byte> atom)
    {
        if (atom.SequenceEqual("polling"u8))
            return PollingMessage.Instance;
        if (atom.SequenceEqual("init"u8))
            return InitMessage.Instance;
        if (atom.SequenceEqual("keepalive"u8))
            return KeepaliveMessage.Instance;
        throw EtfReader.Error($"unknown message atom '{Text(atom)}'");
    }

    private static ExternalMessage DecodeTuple(ref EtfReader reader, WireFlavor flavor)
    {
        uint arity = reader.ReadTupleHeader();
        if (arity == 0)
            EtfReader.Fail("empty tuple");
        if (!EtfReader.IsAtomTag(reader.PeekTag()))
            EtfReader.Fail($"a message tuple starts with an atom, got {EtfReader.Describe(reader.PeekTag())}");
        ReadOnlySpan<byte> name = reader.ReadAtom(out _);
        switch (name.Length)
        {
            case 3 when name.SequenceEqual("pid"u8):
            {
                Arity("pid", arity, 2);
                long osPid = reader.ReadInteger(new Field("pid", "OsPid"));
                if (osPid is < 1 or > int.MaxValue)
                    EtfReader.Fail($"pid: OsPid {osPid} out of range 1..{int.MaxValue}");
                return new PidMessage((int)osPid);
            }
            case 8 when name.SequenceEqual("shutdown"u8):
            {
                if (flavor == WireFlavor.Version153)
                    EtfReader.Fail("shutdown is not part of the 1.5.3 protocol");
                Arity("shutdown", arity, 2);
                return new ShutdownMessage(reader.ReadByteString(new Field("shutdown", "Reason")));
            }
            case 9 when name.SequenceEqual("subscribe"u8):
                return Subscription(ref reader, ExternalMessageKind.Subscribe, "subscribe", arity, flavor);
            case 15 when name.SequenceEqual("subscribe_count"u8):
                return Subscription(ref reader, ExternalMessageKind.SubscribeCount, "subscribe_count", arity, flavor);
            case 11 when name.SequenceEqual("unsubscribe"u8):
                return Subscription(ref reader, ExternalMessageKind.Unsubscribe, "unsubscribe", arity, flavor);
            case 10 when name.SequenceEqual("send_async"u8):
                return Send(ref reader, ExternalMessageKind.SendAsync, "send_async", arity, flavor);
            case 9 when name.SequenceEqual("send_sync"u8):
                return Send(ref reader, ExternalMessageKind.SendSync, "send_sync", arity, flavor);
            case 11 when name.SequenceEqual("mcast_async"u8):
                return Send(ref reader, ExternalMessageKind.McastAsync, "mcast_async", arity, flavor);
            case 10 when name.SequenceEqual("recv_async"u8):
            {
                Arity("recv_async", arity, 4);
                uint timeout = Timeout(ref reader, new Field("recv_async", "Timeout"));
                ReadOnlyMemory<byte> transId = TransId(ref reader, new Field("recv_async", "TransId"), false);
                bool consume = reader.ReadBoolean(new Field("recv_async", "Consume"));
                return new RecvAsyncMessage(timeout, transId, consume);
            }
            case 12 when name.SequenceEqual("return_async"u8):
                return Return(ref reader, ExternalMessageKind.ReturnAsync, "return_async", arity, flavor);
            case 11 when name.SequenceEqual("return_sync"u8):
                return Return(ref reader, ExternalMessageKind.ReturnSync, "return_sync", arity, flavor);
            case 13 when name.SequenceEqual("forward_async"u8):
                return Forward(ref reader, ExternalMessageKind.ForwardAsync, "forward_async", arity, flavor);
            case 12 when name.SequenceEqual("forward_sync"u8):
                return Forward(ref reader, ExternalMessageKind.ForwardSync, "forward_sync", arity, flavor);
            default:
                throw EtfReader.Error($"unknown message {{{Text(name)}, ...}} of arity {arity}");
        }
    }

    private static SubscriptionMessage Subscription(ref EtfReader reader, ExternalMessageKind kind, string tag,
        uint arity, WireFlavor flavor)
    {
        Arity(tag, arity, 2);
        ReadOnlyMemory<byte> pattern = NameString(ref reader, new Field(tag, "Pattern"), flavor);
        return new SubscriptionMessage(kind, pattern);
    }

    private static SendMessage Send(ref EtfReader reader, ExternalMessageKind kind, string tag, uint arity,
        WireFlavor flavor)
    {
        Arity(tag, arity, 6);
        ReadOnlyMemory<byte> name = NameString(ref reader, new Field(tag, "Name"), flavor);
        ReadOnlyMemory<byte> requestInfo = reader.ReadBinary(new Field(tag, "RequestInfo"));
        ReadOnlyMemory<byte> request = reader.ReadBinary(new Field(tag, "Request"));
        uint timeout = Timeout(ref reader, new Field(tag, "Timeout"));
        sbyte priority = Priority(ref reader, new Field(tag, "Priority"));
        return new SendMessage(kind, name, requestInfo, request, timeout, priority);
    }

    private static ReturnMessage Return(ref EtfReader reader, ExternalMessageKind kind, string tag, uint arity,
        WireFlavor flavor)
    {
        Arity(tag, arity, 8);
        ReadOnlyMemory<byte> name = NameString(ref reader, new Field(tag, "Name"), flavor);
        ReadOnlyMemory<byte> pattern = NameString(ref reader, new Field(tag, "Pattern"), flavor);
        ReadOnlyMemory<byte> responseInfo = reader.ReadBinary(new Field(tag, "ResponseInfo"));
        ReadOnlyMemory<byte> response = reader.ReadBinary(new Field(tag, "Response"));
        uint timeout = Timeout(ref reader, new Field(tag, "Timeout"));
        ReadOnlyMemory<byte> transId = TransId(ref reader, new Field(tag, "TransId"), flavor == WireFlavor.Version153);
        ExternalPid source = reader.ReadPid(new Field(tag, "Source"));
        return new ReturnMessage(kind, name, pattern, responseInfo, response, timeout, transId, source);
    }

    private static ForwardMessage Forward(ref EtfReader reader, ExternalMessageKind kind, string tag, uint arity,
        WireFlavor flavor)
    {
        Arity(tag, arity, 8);
        ReadOnlyMemory<byte> name = NameString(ref reader, new Field(tag, "Name"), flavor);
        ReadOnlyMemory<byte> requestInfo = reader.ReadBinary(new Field(tag, "RequestInfo"));
        ReadOnlyMemory<byte> request = reader.ReadBinary(new Field(tag, "Request"));
        uint timeout = Timeout(ref reader, new Field(tag, "Timeout"));
        sbyte priority = Priority(ref reader, new Field(tag, "Priority"));
        ReadOnlyMemory<byte> transId = TransId(ref reader, new Field(tag, "TransId"), flavor == WireFlavor.Version153);
        ExternalPid source = reader.ReadPid(new Field(tag, "Source"));
        return new ForwardMessage(kind, name, requestInfo, request, timeout, priority, transId, source);
    }

    private static void Arity(string tag, uint arity, uint expected)
    {
        if (arity != expected)
            EtfReader.Fail($"{tag}: expected a tuple of arity {expected}, got {arity}");
    }

    private static ReadOnlyMemory<byte> NameString(ref EtfReader reader, Field field, WireFlavor flavor)
    {
        ReadOnlyMemory<byte> value = reader.ReadByteString(field);
        if (value.IsEmpty && flavor == WireFlavor.Version153)
            EtfReader.Fail($"{field}: must not be empty (1.5.3)");
        return value;
    }

    private static uint Timeout(ref EtfReader reader, Field field)
    {
        long value = reader.ReadInteger(field);
        if (value is < 0 or > TimeoutMax)
            EtfReader.Fail($"{field}: {value} out of range 0..{TimeoutMax}");
        return (uint)value;
    }

    private static sbyte Priority(ref EtfReader reader, Field field)
    {
        long value = reader.ReadInteger(field);
        if (value is < sbyte.MinValue or > sbyte.MaxValue)
            EtfReader.Fail($"{field}: {value} out of range -128..127");
        return (sbyte)value;
    }

    private static ReadOnlyMemory<byte> TransId(ref EtfReader reader, Field field, bool requireV1)
    {
        ReadOnlyMemory<byte> value = reader.ReadBinary(field);
        if (value.Length != RuntimeMessages.TransIdLength)
            EtfReader.Fail($"{field}: must be a 16-byte binary, got {value.Length} bytes");
        if (requireV1)
        {
            ReadOnlySpan<byte> id = value.Span;
            if ((id[6] >> 4) != 1 || (id[8] & 0xC0) != 0x80)
                EtfReader.Fail($"{field}: not a version 1 UUID (1.5.3)");
        }
        return value;
    }

    private static string Text(ReadOnlySpan<byte> bytes) =>
        Encoding.Latin1.GetString(bytes.Length > 64 ? bytes[..64] : bytes);
}
