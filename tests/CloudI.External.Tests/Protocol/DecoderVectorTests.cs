using System.Text;
using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

/// <summary>Spec §8 V5, V6 and V9 decoded byte-for-byte.</summary>
public sealed class DecoderVectorTests
{
    private const string V5Tail = "6b 00 02 2f 61  6d 00 00 00 00  6d 00 00 00 01 78  62 00 00 13 88  61 00";

    [Theory]
    [InlineData("83 68 06 73 09 73 65 6e 64 5f 73 79 6e 63 " + V5Tail)]          // Python, SMALL_ATOM_EXT
    [InlineData("83 68 06 64 00 09 73 65 6e 64 5f 73 79 6e 63 " + V5Tail)]       // OTP 25, ATOM_EXT
    [InlineData("83 68 06 77 09 73 65 6e 64 5f 73 79 6e 63 " + V5Tail)]          // OTP 26, SMALL_ATOM_UTF8_EXT
    public void V5_SendSync_AllAtomEncodings(string hex)
    {
        byte[] payload = Hex.Parse(hex);
        foreach (WireFlavor flavor in new[] { WireFlavor.Version20, WireFlavor.Version153 })
        {
            var m = Assert.IsType<SendMessage>(ExternalMessageDecoder.Decode(payload, flavor));
            Assert.Equal(ExternalMessageKind.SendSync, m.Kind);
            Assert.Equal("/a"u8.ToArray(), m.Name.ToArray());
            Assert.True(m.RequestInfo.IsEmpty);
            Assert.Equal("x"u8.ToArray(), m.Request.ToArray());
            Assert.Equal(5000u, m.Timeout);
            Assert.Equal(0, m.Priority);
        }
    }

    [Fact]
    public void V5_Length()
    {
        Assert.Equal(37, Hex.Parse("83 68 06 73 09 73 65 6e 64 5f 73 79 6e 63 " + V5Tail).Length);
    }

    [Theory]
    [InlineData(WireFlavor.Version20)]
    [InlineData(WireFlavor.Version153)]
    public void V6_ReturnSync_EchoesV3(WireFlavor flavor)
    {
        var m = Assert.IsType<ReturnMessage>(ExternalMessageDecoder.Decode(Vectors.V6, flavor));
        Assert.Equal(ExternalMessageKind.ReturnSync, m.Kind);
        Assert.True(m.IsSync);
        Assert.Equal("/tests/a"u8.ToArray(), m.Name.ToArray());
        Assert.Equal("/tests/*"u8.ToArray(), m.Pattern.ToArray());
        Assert.True(m.ResponseInfo.IsEmpty);
        Assert.Equal("ok"u8.ToArray(), m.Response.ToArray());
        Assert.False(m.IsNullResponse);
        Assert.Equal(5000u, m.Timeout);
        Assert.Equal(Vectors.TransId, m.TransId.ToArray());
        Assert.Equal(new ExternalPid("cloudi@host", 1449, 0, 1), m.Source);
        Assert.Equal(Vectors.V3, m.Source.Encode()); // structurally equal to V3, re-encodes to V3
    }

    [Fact]
    public void V9_Init()
    {
        Assert.Same(InitMessage.Instance, ExternalMessageDecoder.Decode(Hex.Parse("83 73 04 69 6e 69 74"), WireFlavor.Version20));
        Assert.Equal(ExternalMessageKind.Init, InitMessage.Instance.Kind);
    }

    [Fact]
    public void V9_Polling()
    {
        Assert.Same(PollingMessage.Instance,
            ExternalMessageDecoder.Decode(Hex.Parse("83 73 07 70 6f 6c 6c 69 6e 67"), WireFlavor.Version153));
        Assert.Equal(ExternalMessageKind.Polling, PollingMessage.Instance.Kind);
    }

    [Fact]
    public void V9_Subscribe()
    {
        var m = Assert.IsType<SubscriptionMessage>(ExternalMessageDecoder.Decode(
            Hex.Parse("83 68 02 73 09 73 75 62 73 63 72 69 62 65 6b 00 01 2a"), WireFlavor.Version20));
        Assert.Equal(ExternalMessageKind.Subscribe, m.Kind);
        Assert.Equal("*"u8.ToArray(), m.Pattern.ToArray());
    }

    [Fact]
    public void V9_RecvAsync()
    {
        byte[] payload = Hex.Parse("83 68 04 73 0a 72 65 63 76 5f 61 73 79 6e 63 62 00 00 03 e8 6d 00 00 00 10"
            + string.Concat(Enumerable.Repeat(" 00", 16)) + " 77 04 74 72 75 65");
        var m = Assert.IsType<RecvAsyncMessage>(ExternalMessageDecoder.Decode(payload, WireFlavor.Version20));
        Assert.Equal(1000u, m.Timeout);
        Assert.Equal(new byte[16], m.TransId.ToArray());
        Assert.True(m.Consume);
    }

    [Fact]
    public void V9_SendAsync_MaxTimeoutNegativePriority()
    {
        byte[] payload = Hex.Parse("""
            83 68 06 73 0a 73 65 6e 64 5f 61 73 79 6e 63 6b 00 02 2f 61 6d 00 00 00 00
            6d 00 00 00 01 78 6e 04 00 ff ff ff ff 62 ff ff ff ff
            """);
        var m = Assert.IsType<SendMessage>(ExternalMessageDecoder.Decode(payload, WireFlavor.Version20));
        Assert.Equal(ExternalMessageKind.SendAsync, m.Kind);
        Assert.Equal("/a"u8.ToArray(), m.Name.ToArray());
        Assert.True(m.RequestInfo.IsEmpty);
        Assert.Equal("x"u8.ToArray(), m.Request.ToArray());
        Assert.Equal(4294967295u, m.Timeout);
        Assert.Equal(-1, m.Priority);
    }

    [Fact]
    public void V9_Pid_FramedFromOtp25Ei()
    {
        var reader = new FrameReader();
        reader.Append(Hex.Parse("00 00 00 0d 83 68 02 77 03 70 69 64 62 00 00 30 39"));
        Assert.True(reader.TryReadFrame(out byte[] payload));
        var m = Assert.IsType<PidMessage>(ExternalMessageDecoder.Decode(payload, WireFlavor.Version20));
        Assert.Equal(12345, m.OsPid);
        Assert.Equal(ExternalMessageKind.Pid, m.Kind);
        var erlang = Assert.IsType<PidMessage>(ExternalMessageDecoder.Decode(
            Hex.Parse("83 68 02 64 00 03 70 69 64 62 00 00 30 39"), WireFlavor.Version153));
        Assert.Equal(12345, erlang.OsPid);
    }

    [Fact]
    public void Keepalive()
    {
        Assert.Same(KeepaliveMessage.Instance,
            ExternalMessageDecoder.Decode(Etf.Payload(Etf.Atom("keepalive", 119)), WireFlavor.Version20));
        Assert.Equal(ExternalMessageKind.Keepalive, KeepaliveMessage.Instance.Kind);
        Assert.Same(KeepaliveMessage.Instance,
            ExternalMessageDecoder.Decode(Etf.Payload(Etf.Atom("keepalive", 118)), WireFlavor.Version20));
    }

    [Fact]
    public void ByteFieldsSliceThePayload()
    {
        var m = (ReturnMessage)ExternalMessageDecoder.Decode(Vectors.V6, WireFlavor.Version20);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m.Response, out ArraySegment<byte> segment));
        Assert.Same(Vectors.V6, segment.Array);
        Assert.Equal("ok", Encoding.ASCII.GetString(m.Response.Span));
    }
}
