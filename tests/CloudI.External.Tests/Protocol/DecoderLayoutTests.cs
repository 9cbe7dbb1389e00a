using System.Text;
using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

/// <summary>Every external→runtime message shape with non-trivial values and alternative encodings.</summary>
public sealed class DecoderLayoutTests
{
    private static readonly byte[] Pid = Etf.Pid("cloudi@localhost", 0x7FFF, 0x1FFF, 3);
    private static readonly ExternalPid ExpectedPid = new("cloudi@localhost", 0x7FFF, 0x1FFF, 3);

    private static ExternalMessage Decode(byte[] term, WireFlavor flavor = WireFlavor.Version20) =>
        ExternalMessageDecoder.Decode(Etf.Payload(term), flavor);

    [Theory]
    [InlineData("subscribe", ExternalMessageKind.Subscribe)]
    [InlineData("subscribe_count", ExternalMessageKind.SubscribeCount)]
    [InlineData("unsubscribe", ExternalMessageKind.Unsubscribe)]
    public void Subscriptions(string tag, ExternalMessageKind kind)
    {
        var m = Assert.IsType<SubscriptionMessage>(Decode(Etf.Tuple(Etf.Atom(tag, 100), Etf.Str("python.xml/get"))));
        Assert.Equal(kind, m.Kind);
        Assert.Equal("python.xml/get", Encoding.Latin1.GetString(m.Pattern.Span));
        // 2.0.x allows an empty pattern (the prefix itself)
        m = Assert.IsType<SubscriptionMessage>(Decode(Etf.Tuple(Etf.Atom(tag, 119), [106])));
        Assert.True(m.Pattern.IsEmpty);
    }

    [Theory]
    [InlineData("send_async", ExternalMessageKind.SendAsync)]
    [InlineData("send_sync", ExternalMessageKind.SendSync)]
    [InlineData("mcast_async", ExternalMessageKind.McastAsync)]
    public void Sends_LongListNameLargeTupleExtremes(string tag, ExternalMessageKind kind)
    {
        // a name longer than 65535 bytes arrives as LIST_EXT of SMALL_INTEGER_EXT
        string longName = "/" + new string('z', 70000);
        byte[] info = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var m = Assert.IsType<SendMessage>(Decode(Etf.LargeTuple(Etf.Atom(tag, 118), Etf.ListStr(longName.Select(c => (int)c)),
            Etf.Bin(info), Etf.Bin([]), Etf.Big(uint.MaxValue, 111), Etf.Int(-128))));
        Assert.Equal(kind, m.Kind);
        Assert.Equal(Encoding.Latin1.GetBytes(longName), m.Name.ToArray());
        Assert.Equal(info, m.RequestInfo.ToArray());
        Assert.True(m.Request.IsEmpty);
        Assert.Equal(uint.MaxValue, m.Timeout);
        Assert.Equal(-128, m.Priority);

        m = Assert.IsType<SendMessage>(Decode(Etf.Tuple(Etf.Atom(tag), Etf.ListStr([0, 255, 98]), Etf.Bin(""),
            Etf.Bin("r"), Etf.Int(0), Etf.Int(127))));
        Assert.Equal(new byte[] { 0, 255, 98 }, m.Name.ToArray());
        Assert.Equal(0u, m.Timeout);
        Assert.Equal(127, m.Priority);
    }

    [Fact]
    public void Send_IntegerEncodingsOfTheSameValues()
    {
        // INTEGER_EXT for a small value and SMALL_BIG for timeouts in Java's/C's > 2^27-1 range
        var m = Assert.IsType<SendMessage>(Decode(Etf.Tuple(Etf.Atom("send_sync"), Etf.Str("/a"), Etf.Bin(""),
            Etf.Bin(""), Etf.Big(134217728), [98, 0, 0, 0, 5])));
        Assert.Equal(134217728u, m.Timeout);
        Assert.Equal(5, m.Priority);
        m = Assert.IsType<SendMessage>(Decode(Etf.Tuple(Etf.Atom("send_sync"), Etf.Str("/a"), Etf.Bin(""),
            Etf.Bin(""), [110, 3, 0, 0x88, 0x13, 0], Etf.Big(-3))));  // non-minimal big with a zero high byte
        Assert.Equal(5000u, m.Timeout);
        Assert.Equal(-3, m.Priority);
    }

    [Fact]
    public void RecvAsync_ConsumeFalse_AnyAtomTag()
    {
        foreach (byte atomTag in new byte[] { 100, 115, 118, 119 })
        {
            var m = Assert.IsType<RecvAsyncMessage>(Decode(Etf.Tuple(Etf.Atom("recv_async"), Etf.Big(4294967295),
                Etf.Bin(Vectors.TransId), Etf.Atom("false", atomTag))));
            Assert.False(m.Consume);
            Assert.Equal(uint.MaxValue, m.Timeout);
            Assert.Equal(Vectors.TransId, m.TransId.ToArray());
            Assert.Equal(ExternalMessageKind.RecvAsync, m.Kind);
        }
    }

    [Theory]
    [InlineData("return_async", ExternalMessageKind.ReturnAsync, false)]
    [InlineData("return_sync", ExternalMessageKind.ReturnSync, true)]
    public void Returns_NullResponse_NewPid(string tag, ExternalMessageKind kind, bool sync)
    {
        foreach (WireFlavor flavor in new[] { WireFlavor.Version20, WireFlavor.Version153 })
        {
            var m = Assert.IsType<ReturnMessage>(Decode(Etf.Tuple(Etf.Atom(tag), Etf.Str("/x/y"), Etf.Str("/x/*"),
                Etf.Bin([]), Etf.Bin([]), Etf.Int(65536), Etf.Bin(Vectors.TransId),
                Etf.Pid("cloudi@localhost", 0x7FFF, 0x1FFF, 3, 88, 119)), flavor));
            Assert.Equal(kind, m.Kind);
            Assert.Equal(sync, m.IsSync);
            Assert.True(m.IsNullResponse);
            Assert.Equal(65536u, m.Timeout);
            Assert.Equal("/x/*"u8.ToArray(), m.Pattern.ToArray());
            Assert.Equal(ExpectedPid, m.Source);
        }
    }

    [Theory]
    [InlineData("forward_async", ExternalMessageKind.ForwardAsync, false)]
    [InlineData("forward_sync", ExternalMessageKind.ForwardSync, true)]
    public void Forwards(string tag, ExternalMessageKind kind, bool sync)
    {
        foreach (WireFlavor flavor in new[] { WireFlavor.Version20, WireFlavor.Version153 })
        {
            var m = Assert.IsType<ForwardMessage>(Decode(Etf.Tuple(Etf.Atom(tag, 100), Etf.Str("/next"), Etf.Bin("i"),
                Etf.Bin("req"), Etf.Int(4900), Etf.Int(-100), Etf.Bin(Vectors.TransId), Pid), flavor));
            Assert.Equal(kind, m.Kind);
            Assert.Equal(sync, m.IsSync);
            Assert.Equal("/next"u8.ToArray(), m.Name.ToArray());
            Assert.Equal("i"u8.ToArray(), m.RequestInfo.ToArray());
            Assert.Equal("req"u8.ToArray(), m.Request.ToArray());
            Assert.Equal(4900u, m.Timeout);
            Assert.Equal(-100, m.Priority);
            Assert.Equal(Vectors.TransId, m.TransId.ToArray());
            Assert.Equal(ExpectedPid, m.Source);
        }
    }

    [Fact]
    public void Shutdown_EmptyAndReason()
    {
        var m = Assert.IsType<ShutdownMessage>(Decode(Etf.Tuple(Etf.Atom("shutdown"), [106])));
        Assert.True(m.Reason.IsEmpty);
        Assert.Equal(ExternalMessageKind.Shutdown, m.Kind);
        m = Assert.IsType<ShutdownMessage>(Decode(Etf.Tuple(Etf.Atom("shutdown"), Etf.Str("done"))));
        Assert.Equal("done"u8.ToArray(), m.Reason.ToArray());
    }

    [Fact]
    public void Pid_LargeOsPid()
    {
        var m = Assert.IsType<PidMessage>(Decode(Etf.Tuple(Etf.Atom("pid"), Etf.Int(int.MaxValue))));
        Assert.Equal(int.MaxValue, m.OsPid);
    }
}
