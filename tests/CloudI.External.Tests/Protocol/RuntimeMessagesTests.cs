using System.Buffers;
using System.Text;
using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

public sealed class RuntimeMessagesTests
{
    private static readonly InitParameters V1Init = new()
    {
        ProcessIndex = 0, ProcessCount = 1, ProcessCountMax = 1, ProcessCountMin = 1,
        Prefix = "/tests/"u8.ToArray(),
        TimeoutInitialize = 5000, TimeoutAsync = 5000, TimeoutSync = 5000, TimeoutTerminate = 59900,
        PriorityDefault = 0, FatalExceptions = true, RequestTimeoutAdjustment = false,
    };

    private static readonly ExternalPid V3Pid = new("cloudi@host", 1449, 0, 1);

    [Fact]
    public void V1_Init20()
    {
        byte[] expected = Hex.Parse("""
            01 00 00 00  00 00 00 00  01 00 00 00  01 00 00 00  01 00 00 00  08 00 00 00
            2f 74 65 73 74 73 2f 00
            88 13 00 00  88 13 00 00  88 13 00 00  08 e8 00 00
            00  01  ff ff ff ff
            """);
        Assert.Equal(54, expected.Length);
        Assert.Equal(expected, RuntimeMessages.Init(V1Init, WireFlavor.Version20));
        Assert.Equal([0, 0, 0, 0x36, .. expected], RuntimeMessages.Init(V1Init, WireFlavor.Version20, framed: true));
        Assert.Equal(54, RuntimeMessages.InitLength(V1Init, WireFlavor.Version20));
    }

    [Fact]
    public void V2_Init153()
    {
        byte[] expected = Hex.Parse("""
            01 00 00 00  00 00 00 00  01 00 00 00  01 00 00 00  01 00 00 00  08 00 00 00
            2f 74 65 73 74 73 2f 00
            88 13 00 00  88 13 00 00  88 13 00 00  fc e9 00 00
            00  00
            """);
        Assert.Equal(50, expected.Length);
        Assert.Equal(expected, RuntimeMessages.Init(V1Init, WireFlavor.Version153));
        Assert.Equal([0, 0, 0, 0x32, .. expected], RuntimeMessages.Init(V1Init, WireFlavor.Version153, framed: true));
    }

    [Fact]
    public void Init_NonTrivialValues_BothLayouts()
    {
        var p = new InitParameters
        {
            ProcessIndex = 3, ProcessCount = 4, ProcessCountMax = 8, ProcessCountMin = 2,
            Prefix = Encoding.UTF8.GetBytes("/very/long/" + new string('p', 300) + "/"),
            TimeoutInitialize = 1, TimeoutAsync = 0xFFFFFFFF, TimeoutSync = 7, TimeoutTerminate = 300,
            PriorityDefault = -128, FatalExceptions = false, RequestTimeoutAdjustment = true,
        };
        int n = p.Prefix.Length;
        byte[] v20 = RuntimeMessages.Init(p, WireFlavor.Version20);
        Assert.Equal(46 + n + 1, v20.Length);
        var r = new LeReader(v20);
        Assert.Equal(1u, r.U32());
        Assert.Equal(3u, r.U32());
        Assert.Equal(4u, r.U32());
        Assert.Equal(8u, r.U32());
        Assert.Equal(2u, r.U32());
        Assert.Equal(p.Prefix.ToArray(), r.Str());
        Assert.Equal(1u, r.U32());
        Assert.Equal(0xFFFFFFFFu, r.U32());
        Assert.Equal(7u, r.U32());
        Assert.Equal(0u, r.U32()); // max(0, 300 - 500)
        Assert.Equal(-128, r.I8());
        Assert.Equal(0, r.U8());
        Assert.Equal(-1, (int)r.U32());
        Assert.True(r.AtEnd);

        byte[] v153 = RuntimeMessages.Init(p, WireFlavor.Version153);
        Assert.Equal(42 + n + 1, v153.Length);
        r = new LeReader(v153);
        r.Skip(20);
        Assert.Equal(p.Prefix.ToArray(), r.Str());
        r.Skip(12);
        Assert.Equal(300u, r.U32()); // unreduced
        Assert.Equal(-128, r.I8());
        Assert.Equal(1, r.U8());
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void Init_TimeoutTerminateReduction()
    {
        var p = V1Init with { TimeoutTerminate = 3000 };
        byte[] bytes = RuntimeMessages.Init(p, WireFlavor.Version20);
        Assert.Equal(2500u, BitConverter.ToUInt32(bytes, 44));
        p = V1Init with { TimeoutTerminate = 500 };
        Assert.Equal(0u, BitConverter.ToUInt32(RuntimeMessages.Init(p, WireFlavor.Version20), 44));
    }

    [Fact]
    public void V4_SendSync()
    {
        byte[] expected = Hex.Parse("""
            03 00 00 00
            09 00 00 00  2f 74 65 73 74 73 2f 61 00
            09 00 00 00  2f 74 65 73 74 73 2f 2a 00
            04 00 00 00  6b 00 76 00  00
            01 00 00 00  78  00
            88 13 00 00
            00
            a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40
            19 00 00 00
            83 67 64 00 0b 63 6c 6f 75 64 69 40 68 6f 73 74 00 00 05 a9 00 00 00 00 01
            """);
        Assert.Equal(95, expected.Length);
        byte[] actual = RuntimeMessages.SendSync("/tests/a"u8, "/tests/*"u8, "k\0v\0"u8, "x"u8, 5000, 0,
            Vectors.TransId, V3Pid);
        Assert.Equal(expected, actual);
        Assert.Equal([0, 0, 0, 0x5f, .. expected], RuntimeMessages.SendSync("/tests/a"u8, "/tests/*"u8, "k\0v\0"u8,
            "x"u8, 5000, 0, Vectors.TransId, V3Pid, framed: true));
        // the raw-source-term overload and the buffer-writer overloads give the same bytes
        Assert.Equal(expected, RuntimeMessages.Send(true, "/tests/a"u8, "/tests/*"u8, "k\0v\0"u8, "x"u8, 5000, 0,
            Vectors.TransId, Vectors.V3));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteSend(writer, true, "/tests/a"u8, "/tests/*"u8, "k\0v\0"u8, "x"u8, 5000, 0,
            Vectors.TransId, V3Pid);
        RuntimeMessages.WriteSend(writer, true, "/tests/a"u8, "/tests/*"u8, "k\0v\0"u8, "x"u8, 5000, 0,
            Vectors.TransId, Vectors.V3, framed: true);
        Assert.Equal([.. expected, 0, 0, 0, 0x5f, .. expected], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void SendAsync_NonTrivialValues()
    {
        byte[] name = Encoding.UTF8.GetBytes("/" + new string('n', 70000));
        byte[] actual = RuntimeMessages.SendAsync(name, "/n*"u8, ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty,
            uint.MaxValue, -5, Vectors.TransId, V3Pid);
        Assert.Equal(RuntimeMessages.SendLength(name.Length, 3, 0, 0, 25), actual.Length);
        var r = new LeReader(actual);
        Assert.Equal(2u, r.U32());
        Assert.Equal(name, r.Str());
        Assert.Equal("/n*"u8.ToArray(), r.Str());
        Assert.Equal([], r.Bin());
        Assert.Equal([], r.Bin());
        Assert.Equal(uint.MaxValue, r.U32());
        Assert.Equal(-5, r.I8());
        Assert.Equal(Vectors.TransId, r.Bytes(16));
        Assert.Equal(25u, r.U32());
        Assert.Equal(Vectors.V3, r.Bytes(25));
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void V7_ReturnSync()
    {
        Assert.Equal(Hex.Parse("06 00 00 00  00 00 00 00 00  02 00 00 00 6f 6b 00  a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40"),
            RuntimeMessages.ReturnSync(ReadOnlySpan<byte>.Empty, "ok"u8, Vectors.TransId));
        Assert.Equal([.. Hex.Parse("06 00 00 00 00 00 00 00 00 00 00 00 00 00"), .. Vectors.TransId],
            RuntimeMessages.ReturnSync(ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty, Vectors.TransId));
        Assert.Equal([6, 0, 0, 0, .. new byte[26]],
            RuntimeMessages.ReturnSync(ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty, new byte[16]));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteReturnSync(writer, "i"u8, "ok"u8, Vectors.TransId, framed: true);
        Assert.Equal([0, 0, 0, 33, 6, 0, 0, 0, 1, 0, 0, 0, (byte)'i', 0, 2, 0, 0, 0, (byte)'o', (byte)'k', 0, .. Vectors.TransId],
            writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void V8_ReturnAsync()
    {
        Assert.Equal(Hex.Parse("05 00 00 00 a2 dd 73 62 e6 16 11 f1 a7 bf 10 2d 49 86 9c 40"),
            RuntimeMessages.ReturnAsync(Vectors.TransId));
        Assert.Equal([5, 0, 0, 0, .. new byte[16]], RuntimeMessages.ReturnAsync(new byte[16]));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteReturnAsync(writer, Vectors.TransId, framed: true);
        Assert.Equal([0, 0, 0, 20, 5, 0, 0, 0, .. Vectors.TransId], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void V8_ReturnsAsync()
    {
        byte[] expected = [7, 0, 0, 0, 2, 0, 0, 0, .. Vectors.TransId, .. Vectors.TransId2];
        Assert.Equal(expected, RuntimeMessages.ReturnsAsync([.. Vectors.TransId, .. Vectors.TransId2]));
        Assert.Equal(expected, RuntimeMessages.ReturnsAsync(new ReadOnlyMemory<byte>[] { Vectors.TransId, Vectors.TransId2 }));
        Assert.Equal(Hex.Parse("07 00 00 00 00 00 00 00"), RuntimeMessages.ReturnsAsync(ReadOnlySpan<byte>.Empty));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteReturnsAsync(writer, [.. Vectors.TransId, .. Vectors.TransId2]);
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void V8_RecvAsync()
    {
        Assert.Equal([.. Hex.Parse("04 00 00 00 00 00 00 00 00 02 00 00 00 6f 6b 00"), .. Vectors.TransId],
            RuntimeMessages.RecvAsync(ReadOnlySpan<byte>.Empty, "ok"u8, Vectors.TransId));
        Assert.Equal([.. Hex.Parse("04 00 00 00 00 00 00 00 00 00 00 00 00 00"), .. new byte[16]],
            RuntimeMessages.RecvAsync(ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty, new byte[16]));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteRecvAsync(writer, ReadOnlySpan<byte>.Empty, "ok"u8, Vectors.TransId);
        Assert.Equal(RuntimeMessages.RecvAsync(ReadOnlySpan<byte>.Empty, "ok"u8, Vectors.TransId), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void V8_SimpleMessages()
    {
        Assert.Equal(Hex.Parse("0a 00 00 00 01 00 00 00"), RuntimeMessages.SubscribeCount(1));
        Assert.Equal(Hex.Parse("08 00 00 00"), RuntimeMessages.Keepalive());
        Assert.Equal(Hex.Parse("0b 00 00 00"), RuntimeMessages.Term());
        Assert.Equal(Hex.Parse("00 00 00 04 0b 00 00 00"), RuntimeMessages.Term(framed: true));
        Assert.Equal(Hex.Parse("00 00 00 04 08 00 00 00"), RuntimeMessages.Keepalive(framed: true));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteKeepalive(writer);
        RuntimeMessages.WriteTerm(writer);
        RuntimeMessages.WriteSubscribeCount(writer, 0xFFFFFFFF, framed: true);
        Assert.Equal(Hex.Parse("08 00 00 00 0b 00 00 00 00 00 00 08 0a 00 00 00 ff ff ff ff"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void V8_Reinit()
    {
        Assert.Equal(Hex.Parse("09 00 00 00 02 00 00 00 88 13 00 00 88 13 00 00 00 01"),
            RuntimeMessages.Reinit(WireFlavor.Version20, 2, 5000, 5000, 0, true));
        Assert.Equal(Hex.Parse("09 00 00 00 02 00 00 00"),
            RuntimeMessages.Reinit(WireFlavor.Version153, 2, 5000, 5000, 0, true));
        var writer = new ArrayBufferWriter<byte>();
        RuntimeMessages.WriteReinit(writer, WireFlavor.Version20, 7, 1, uint.MaxValue, -1, false, framed: true);
        Assert.Equal(Hex.Parse("00 00 00 12 09 00 00 00 07 00 00 00 01 00 00 00 ff ff ff ff ff 00"), writer.WrittenSpan.ToArray());
        writer.Clear();
        RuntimeMessages.WriteReinit(writer, WireFlavor.Version153, 7, 1, 2, -1, false);
        Assert.Equal(Hex.Parse("09 00 00 00 07 00 00 00"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WrongTransIdLength_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => RuntimeMessages.ReturnAsync(new byte[15]));
        Assert.Throws<ArgumentException>(() => RuntimeMessages.ReturnsAsync(new byte[17]));
        Assert.Throws<ArgumentException>(() => RuntimeMessages.ReturnSync([], [], new byte[17]));
    }

    [Fact]
    public void Framing_Frame()
    {
        Assert.Equal(Hex.Parse("00 00 00 03 01 02 03"), Framing.Frame([1, 2, 3]));
        Assert.Equal(Hex.Parse("00 00 00 00"), Framing.Frame([]));
    }

    /// <summary>Little-endian field reader for checking layouts.</summary>
    private sealed class LeReader(byte[] bytes)
    {
        private int _position;
        public bool AtEnd => _position == bytes.Length;
        public uint U32() { uint v = BitConverter.ToUInt32(bytes, _position); _position += 4; return v; }
        public sbyte I8() => unchecked((sbyte)bytes[_position++]);
        public byte U8() => bytes[_position++];
        public void Skip(int n) => _position += n;
        public byte[] Bytes(int n) { byte[] v = bytes[_position..(_position + n)]; _position += n; return v; }
        public byte[] Str() { int n = (int)U32() - 1; byte[] v = Bytes(n); Assert.Equal(0, U8()); return v; }
        public byte[] Bin() { int n = (int)U32(); byte[] v = Bytes(n); Assert.Equal(0, U8()); return v; }
    }
}
