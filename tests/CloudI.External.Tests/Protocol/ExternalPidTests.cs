using System.Collections.Concurrent;
using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

public sealed class ExternalPidTests
{
    [Fact]
    public void V3_Encode()
    {
        var pid = new ExternalPid("cloudi@host", 1449, 0, 1);
        Assert.Equal(25, pid.EncodedLength);
        Assert.Equal(Vectors.V3, pid.Encode());
    }

    [Fact]
    public void Equality_IgnoresPidTagAtomTagAndCreationWidth()
    {
        var reference = new ExternalPid("cloudi@host", 1449, 0, 1);
        foreach (byte pidTag in new byte[] { 103, 88 })
        foreach (byte atomTag in new byte[] { 100, 115, 118, 119 })
        {
            byte[] payload = Etf.Payload(Etf.Tuple(Etf.Atom("return_async"), Etf.Str("/a"), Etf.Str("/a"), Etf.Bin(""),
                Etf.Bin(""), Etf.Int(1), Etf.Bin(Vectors.TransId), Etf.Pid("cloudi@host", 1449, 0, 1, pidTag, atomTag)));
            var message = (ReturnMessage)ExternalMessageDecoder.Decode(payload, WireFlavor.Version20);
            Assert.Equal(reference, message.Source);
            Assert.True(reference == message.Source);
            Assert.Equal(reference.GetHashCode(), message.Source.GetHashCode());
        }
        Assert.NotEqual(reference, new ExternalPid("cloudi@host", 1449, 0, 2));
        Assert.NotEqual(reference, new ExternalPid("cloudi@host", 1449, 1, 1));
        Assert.NotEqual(reference, new ExternalPid("cloudi@host", 1448, 0, 1));
        Assert.True(reference != new ExternalPid("cloudi@hosT", 1449, 0, 1));
    }

    [Fact]
    public void Equality_NonAsciiNodeComparesAsText()
    {
        var latin1 = new ExternalPid("caf\u00e9@h", 1, 2, 3);
        byte[] payload = Etf.Payload(Etf.Tuple(Etf.Atom("return_async"), Etf.Str("/a"), Etf.Str("/a"), Etf.Bin(""),
            Etf.Bin(""), Etf.Int(1), Etf.Bin(Vectors.TransId), Etf.Pid("caf\u00e9@h", 1, 2, 3, 88, 119)));
        var message = (ReturnMessage)ExternalMessageDecoder.Decode(payload, WireFlavor.Version20);
        Assert.Equal(latin1, message.Source);
    }

    [Fact]
    public void Encode_RejectsValuesLibrariesCannotRoundTrip()
    {
        Assert.Throws<InvalidOperationException>(() => new ExternalPid("n@h", 0x8000, 0, 0).Encode());
        Assert.Throws<InvalidOperationException>(() => new ExternalPid("n@h", 0, 0x2000, 0).Encode());
        Assert.Throws<InvalidOperationException>(() => new ExternalPid("n@h", 0, 0, 4).Encode());
        Assert.Throws<InvalidOperationException>(() => new ExternalPid("", 0, 0, 0).Encode());
        Assert.Equal(Vectors.V3.Length, new ExternalPid("cloudi@host", 0x7FFF, 0x1FFF, 3).Encode().Length);
    }

    [Fact]
    public void Detach_CopiesTheNode()
    {
        byte[] node = "a@b"u8.ToArray();
        var pid = new ExternalPid(node, 1, 2, 3);
        ExternalPid detached = pid.Detach();
        node[0] = (byte)'z';
        Assert.NotEqual(pid, detached);
        Assert.Equal("a@b", detached.NodeName);
        Assert.Equal("<a@b.1.2.3>", detached.ToString());
    }

    [Fact]
    public void Allocator_UniqueAcrossThreads_AndWithinLimits()
    {
        var allocator = new ExternalPidAllocator("cloudi@localhost", 2);
        var seen = new ConcurrentDictionary<ExternalPid, byte>();
        Parallel.For(0, 40000, _ =>
        {
            ExternalPid pid = allocator.Allocate();
            Assert.True(pid.Id <= ExternalPid.MaxId && pid.Serial <= ExternalPid.MaxSerial);
            Assert.Equal(2u, pid.Creation);
            Assert.True(seen.TryAdd(pid, 0));
        });
        Assert.Equal(40000, seen.Count);
        Assert.Equal(40000, allocator.Allocated);
        Assert.Contains(seen.Keys, p => p.Serial == 1); // wrapped past 15 bits of id
        Assert.All(seen.Keys.Take(100), p => Assert.Equal(14 + "cloudi@localhost".Length, p.Encode().Length));
    }

    [Fact]
    public void Allocator_RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExternalPidAllocator("a@b", 4));
        Assert.Throws<ArgumentException>(() => new ExternalPidAllocator(""));
        Assert.Throws<ArgumentException>(() => new ExternalPidAllocator("\u0100@b"));
    }
}
