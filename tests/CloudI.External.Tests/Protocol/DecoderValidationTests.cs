using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

/// <summary>Every validation of spec §3.1/§4.1 fails with <see cref="ExternalProtocolException"/>.</summary>
public sealed class DecoderValidationTests
{
    private static readonly byte[] Pid = Etf.Pid("cloudi@host", 1449, 0, 1);
    private static readonly byte[] NonV1TransId = Hex.Parse("a2 dd 73 62 e6 16 41 f1 a7 bf 10 2d 49 86 9c 40"); // version 4
    private static readonly byte[] BadVariantTransId = Hex.Parse("a2 dd 73 62 e6 16 11 f1 27 bf 10 2d 49 86 9c 40");

    private static byte[] Send(byte[] name, byte[] info, byte[] request, byte[] timeout, byte[] priority, string tag = "send_async") =>
        Etf.Payload(Etf.Tuple(Etf.Atom(tag), name, info, request, timeout, priority));

    private static byte[] GoodSend(byte[]? timeout = null, byte[]? priority = null) =>
        Send(Etf.Str("/a"), Etf.Bin(""), Etf.Bin("x"), timeout ?? Etf.Int(5000), priority ?? Etf.Int(0));

    private static byte[] Return(string tag, byte[] name, byte[] pattern, byte[] transId, byte[] source) =>
        Etf.Payload(Etf.Tuple(Etf.Atom(tag), name, pattern, Etf.Bin(""), Etf.Bin("ok"), Etf.Int(5000), transId, source));

    private static byte[] Forward(string tag, byte[] name, byte[] transId, byte[] source) =>
        Etf.Payload(Etf.Tuple(Etf.Atom(tag), name, Etf.Bin(""), Etf.Bin("x"), Etf.Int(5000), Etf.Int(0), transId, source));

    private static byte[] Recv(byte[] timeout, byte[] transId, byte[] consume) =>
        Etf.Payload(Etf.Tuple(Etf.Atom("recv_async"), timeout, transId, consume));

    public static TheoryData<string, byte[], WireFlavor> Invalid()
    {
        var v20 = WireFlavor.Version20;
        var v153 = WireFlavor.Version153;
        byte[] goodTid = Etf.Bin(Vectors.TransId);
        return new TheoryData<string, byte[], WireFlavor>
        {
            { "empty payload", [], v20 },
            { "wrong version byte", [130, 115, 4, .. "init"u8], v20 },
            { "version byte only", [131], v20 },
            { "truncated V6", Vectors.V6[..^3], v20 },
            { "trailing garbage", [.. Vectors.V6, 0], v20 },
            { "top-level integer", Etf.Payload(Etf.Int(1)), v20 },
            { "top-level binary", Etf.Payload(Etf.Bin("init")), v20 },
            { "unknown atom", Etf.Payload(Etf.Atom("hello")), v20 },
            { "atom truncated", [131, 100, 0, 10, .. "init"u8], v20 },
            { "empty tuple", Etf.Payload(Etf.Tuple()), v20 },
            { "tuple without atom head", Etf.Payload(Etf.Tuple(Etf.Str("send_async"), Etf.Int(1))), v20 },
            { "unknown tuple", Etf.Payload(Etf.Tuple(Etf.Atom("send_later"), Etf.Int(1))), v20 },
            { "large tuple arity beyond payload", [131, 105, 0xFF, 0xFF, 0xFF, 0xFF, .. Etf.Atom("send_async")], v20 },
            { "send arity 5", Etf.Payload(Etf.Tuple(Etf.Atom("send_async"), Etf.Str("/a"), Etf.Bin(""), Etf.Bin(""), Etf.Int(1))), v20 },
            { "subscribe arity 3", Etf.Payload(Etf.Tuple(Etf.Atom("subscribe"), Etf.Str("/a"), Etf.Str("/a"))), v20 },
            { "init as tuple", Etf.Payload(Etf.Tuple(Etf.Atom("init"))), v20 },
            { "timeout negative", GoodSend(timeout: Etf.Int(-1)), v20 },
            { "timeout 2^32", GoodSend(timeout: Etf.Big(4294967296)), v20 },
            { "timeout huge large big", GoodSend(timeout: [111, 0, 0, 0, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), v20 },
            { "timeout float", GoodSend(timeout: Etf.Float(5000.0)), v20 },
            { "timeout atom", GoodSend(timeout: Etf.Atom("infinity")), v20 },
            { "timeout big sign 2", GoodSend(timeout: [110, 1, 2, 5]), v20 },
            { "timeout big truncated", GoodSend(timeout: [110, 9, 0, 1]), v20 },
            { "timeout large big length beyond payload", GoodSend(timeout: [111, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1]), v20 },
            { "priority 128", GoodSend(priority: Etf.Int(128)), v20 },
            { "priority -129", GoodSend(priority: Etf.Int(-129)), v20 },
            { "priority big", GoodSend(priority: Etf.Big(long.MinValue)), v20 },
            { "name as binary", Send(Etf.Bin("/a"), Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name as atom", Send(Etf.Atom("a"), Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name list element 256", Send(Etf.ListStr([47, 256]), Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name list element -1", Send(Etf.ListStr([47, -1]), Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name list element atom", Send([108, 0, 0, 0, 1, .. Etf.Atom("a"), 106], Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name improper list", Send([108, 0, 0, 0, 1, 97, 47, 97, 1], Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name list length beyond payload", Send([108, 0x7F, 0xFF, 0xFF, 0xFF, 97, 47, 106], Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "name string truncated", [131, 104, 6, .. Etf.Atom("send_async"), 107, 0xFF, 0xFF, 47], v20 },
            { "request info as string", Send(Etf.Str("/a"), Etf.Str("k"), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "request info nil", Send(Etf.Str("/a"), [106], Etf.Bin(""), Etf.Int(1), Etf.Int(0)), v20 },
            { "request as bit binary", Send(Etf.Str("/a"), Etf.Bin(""), [77, 0, 0, 0, 1, 3, 0xFF], Etf.Int(1), Etf.Int(0)), v20 },
            { "request as map", Send(Etf.Str("/a"), Etf.Bin(""), [116, 0, 0, 0, 0], Etf.Int(1), Etf.Int(0)), v20 },
            { "request compressed", Send(Etf.Str("/a"), Etf.Bin(""), [80, 0, 0, 0, 1, 0x78], Etf.Int(1), Etf.Int(0)), v20 },
            { "binary length beyond payload", Send(Etf.Str("/a"), Etf.Bin(""), [109, 0xFF, 0xFF, 0xFF, 0xFF, 1], Etf.Int(1), Etf.Int(0)), v20 },
            { "consume not boolean atom", Recv(Etf.Int(1), goodTid, Etf.Atom("yes")), v20 },
            { "consume integer", Recv(Etf.Int(1), goodTid, Etf.Int(1)), v20 },
            { "recv timeout 2^32", Recv(Etf.Big(4294967296), goodTid, Etf.Atom("true")), v20 },
            { "trans id 15 bytes", Recv(Etf.Int(1), Etf.Bin(new byte[15]), Etf.Atom("true")), v20 },
            { "trans id 17 bytes", Return("return_sync", Etf.Str("/a"), Etf.Str("/a"), Etf.Bin(new byte[17]), Pid), v20 },
            { "trans id as string", Return("return_sync", Etf.Str("/a"), Etf.Str("/a"), Etf.Str(Vectors.TransId), Pid), v20 },
            { "source not a pid", Return("return_async", Etf.Str("/a"), Etf.Str("/a"), goodTid, Etf.Atom("cloudi@host")), v20 },
            { "source pid node not atom", Return("return_async", Etf.Str("/a"), Etf.Str("/a"), goodTid, [103, .. Etf.Str("n@h"), 0, 0, 0, 1, 0, 0, 0, 0, 1]), v20 },
            { "source pid truncated", Return("return_async", Etf.Str("/a"), Etf.Str("/a"), goodTid, Pid[..^2]), v20 },
            { "return arity 7", Etf.Payload(Etf.Tuple(Etf.Atom("return_async"), Etf.Str("/a"), Etf.Str("/a"), Etf.Bin(""), Etf.Bin(""), Etf.Int(1), goodTid)), v20 },
            { "forward priority 200", Etf.Payload(Etf.Tuple(Etf.Atom("forward_sync"), Etf.Str("/a"), Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(200), goodTid, Pid)), v20 },
            { "pid os pid 0", Etf.Payload(Etf.Tuple(Etf.Atom("pid"), Etf.Int(0))), v20 },
            { "pid os pid negative", Etf.Payload(Etf.Tuple(Etf.Atom("pid"), Etf.Int(-5))), v20 },
            { "pid os pid too large", Etf.Payload(Etf.Tuple(Etf.Atom("pid"), Etf.Big(1L << 40))), v20 },
            { "shutdown reason binary", Etf.Payload(Etf.Tuple(Etf.Atom("shutdown"), Etf.Bin("x"))), v20 },
            { "1.5.3 shutdown", Etf.Payload(Etf.Tuple(Etf.Atom("shutdown"), Etf.Str("x"))), v153 },
            { "1.5.3 empty send name", Send([106], Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0), "send_sync"), v153 },
            { "1.5.3 empty mcast name", Send([106], Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0), "mcast_async"), v153 },
            { "1.5.3 empty subscribe pattern", Etf.Payload(Etf.Tuple(Etf.Atom("subscribe"), [106])), v153 },
            { "1.5.3 empty return name", Return("return_sync", [106], Etf.Str("/a"), goodTid, Pid), v153 },
            { "1.5.3 empty return pattern", Return("return_async", Etf.Str("/a"), [106], goodTid, Pid), v153 },
            { "1.5.3 return non-v1 trans id", Return("return_sync", Etf.Str("/a"), Etf.Str("/a"), Etf.Bin(NonV1TransId), Pid), v153 },
            { "1.5.3 return bad variant", Return("return_async", Etf.Str("/a"), Etf.Str("/a"), Etf.Bin(BadVariantTransId), Pid), v153 },
            { "1.5.3 forward non-v1 trans id", Forward("forward_async", Etf.Str("/a"), Etf.Bin(NonV1TransId), Pid), v153 },
            { "1.5.3 forward zero trans id", Forward("forward_sync", Etf.Str("/a"), Etf.Bin(new byte[16]), Pid), v153 },
            { "1.5.3 empty forward name", Forward("forward_sync", [106], goodTid, Pid), v153 },
        };
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejected(string description, byte[] payload, WireFlavor flavor)
    {
        var e = Assert.Throws<ExternalProtocolException>(() => ExternalMessageDecoder.Decode(payload, flavor));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), description);
    }

    [Fact]
    public void ChecksSpecificTo153_PassIn20()
    {
        // what 1.5.3 rejects is fine for the 2.0.x flavour (the runtime checks the outstanding request there)
        Assert.IsType<ReturnMessage>(ExternalMessageDecoder.Decode(
            Return("return_sync", [106], [106], Etf.Bin(NonV1TransId), Pid), WireFlavor.Version20));
        Assert.IsType<ForwardMessage>(ExternalMessageDecoder.Decode(
            Forward("forward_sync", Etf.Str("/a"), Etf.Bin(new byte[16]), Pid), WireFlavor.Version20));
        Assert.IsType<SendMessage>(ExternalMessageDecoder.Decode(
            Send([106], Etf.Bin(""), Etf.Bin(""), Etf.Int(1), Etf.Int(0)), WireFlavor.Version20));
    }

    [Fact]
    public void Messages_AreDescriptive()
    {
        var e = Assert.Throws<ExternalProtocolException>(() =>
            ExternalMessageDecoder.Decode(GoodSend(timeout: Etf.Int(-1)), WireFlavor.Version20));
        Assert.Contains("send_async: Timeout", e.Message);
        e = Assert.Throws<ExternalProtocolException>(() =>
            ExternalMessageDecoder.Decode(GoodSend(priority: Etf.Int(128)), WireFlavor.Version20));
        Assert.Contains("Priority", e.Message);
    }
}
