using System.Text;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client.Tests;

public sealed class LineFramerTests
{
    private static void Feed(LineFramer framer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var memory = framer.GetWriteMemory();
        bytes.CopyTo(memory);
        framer.Advance(bytes.Length);
    }

    private static List<string> TakeAll(LineFramer framer)
    {
        var lines = new List<string>();
        while (framer.TryTakeLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        return lines;
    }

    [Fact]
    public void SplitsLines_AndDropsCarriageReturns()
    {
        var framer = new LineFramer(1000);
        Feed(framer, "{\"a\":1}\r\n{\"b\":2}\n{\"c\"");
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], TakeAll(framer));
        Feed(framer, ":3}\n");
        Assert.Equal(["{\"c\":3}"], TakeAll(framer));
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void Throws_WhenAnUnterminatedLineExceedsTheLimit()
    {
        var framer = new LineFramer(100);
        Feed(framer, new string('x', 101));
        Assert.Equal(HarpCallerFailure.MalformedReply, Assert.Throws<HarpCallerException>(() => framer.TryTakeLine(out _)).Failure);
    }

    [Fact]
    public void Throws_WhenATerminatedLineExceedsTheLimit()
    {
        var framer = new LineFramer(100);
        Feed(framer, new string('x', 101) + "\n");
        Assert.Throws<HarpCallerException>(() => framer.TryTakeLine(out _));
    }

    [Fact]
    public void GrowsForLongLines_UpToTheLimit()
    {
        var framer = new LineFramer(50_000);
        var line = new string('y', 40_000);
        for (var i = 0; i < line.Length; i += 1000)
        {
            Feed(framer, line.Substring(i, 1000));
            Assert.False(framer.TryTakeLine(out _));
        }

        Feed(framer, "\n");
        Assert.Equal([line], TakeAll(framer));
    }
}
