using CloudI.External.Protocol;

namespace CloudI.External.Tests.Protocol;

public sealed class FrameReaderTests
{
    [Fact]
    public void SplitAndCoalescedFrames()
    {
        byte[] a = Framing.Frame([1, 2, 3]);
        byte[] b = Framing.Frame([]);
        byte[] c = Framing.Frame(Enumerable.Range(0, 100000).Select(i => (byte)i).ToArray());
        byte[] stream = [.. a, .. b, .. c];
        var reader = new FrameReader(initialCapacity: 16);
        var frames = new List<byte[]>();
        var random = new Random(7);
        int at = 0;
        while (at < stream.Length)
        {
            int n = Math.Min(stream.Length - at, 1 + random.Next(5000));
            reader.Append(stream.AsSpan(at, n));
            at += n;
            while (reader.TryReadFrame(out byte[] payload))
                frames.Add(payload);
        }
        Assert.Equal(3, frames.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, frames[0]);
        Assert.Empty(frames[1]);
        Assert.Equal(c[4..], frames[2]);
        Assert.Equal(0, reader.BufferedLength);
    }

    [Fact]
    public void ReceiveIntoAppendMemory_InPlaceSlices()
    {
        var reader = new FrameReader();
        byte[] stream = [.. Framing.Frame("ab"u8), .. Framing.Frame("cde"u8), 0, 0];
        Memory<byte> memory = reader.GetAppendMemory(stream.Length);
        stream.CopyTo(memory);
        reader.Advance(stream.Length);
        Assert.True(reader.TryReadFrameInPlace(out ReadOnlyMemory<byte> first));
        Assert.Equal("ab"u8.ToArray(), first.ToArray());
        Assert.True(reader.TryReadFrameInPlace(out ReadOnlyMemory<byte> second));
        Assert.Equal("cde"u8.ToArray(), second.ToArray());
        Assert.False(reader.TryReadFrameInPlace(out _));
        Assert.Equal(2, reader.BufferedLength);
        reader.Append([0, 1, 9]);
        Assert.True(reader.TryReadFrame(out byte[] third));
        Assert.Equal(new byte[] { 9 }, third);
    }

    [Fact]
    public void OversizedLength_IsAProtocolError()
    {
        var reader = new FrameReader(maxFrameSize: 1024);
        reader.Append([0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Throws<ExternalProtocolException>(() => reader.TryReadFrame(out _));
        reader = new FrameReader(maxFrameSize: 1024);
        reader.Append([0, 0, 4, 1]);
        Assert.Throws<ExternalProtocolException>(() => reader.TryReadFrame(out _));
        reader = new FrameReader(maxFrameSize: 1024);
        reader.Append([0, 0, 4, 0]);
        Assert.False(reader.TryReadFrame(out _)); // exactly the maximum is allowed, just incomplete
    }

    [Fact]
    public void StatelessTryGetFrame()
    {
        Assert.False(FrameReader.TryGetFrame([0, 0, 0], 10, out _));
        Assert.False(FrameReader.TryGetFrame([0, 0, 0, 2, 1], 10, out _));
        Assert.True(FrameReader.TryGetFrame([0, 0, 0, 2, 1, 2, 3], 10, out int length));
        Assert.Equal(2, length);
        Assert.Throws<ExternalProtocolException>(() => FrameReader.TryGetFrame([0x80, 0, 0, 0], int.MaxValue, out _));
    }
}
