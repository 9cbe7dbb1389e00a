using System.Buffers;
using System.Text;
using HarpCaller.Hosts.Internal;

namespace HarpCaller.Tests.Hosts;

public sealed class LineSplitterTests
{
    private sealed class RecordingSink : ILineSink
    {
        public List<string> Events { get; } = [];

        public void OnLine(ReadOnlySequence<byte> line, long lineNumber) => Events.Add($"{lineNumber}:{Encoding.UTF8.GetString(line)}");

        public void OnLineTooLong(long lineNumber) => Events.Add($"{lineNumber}:TOO LONG");
    }

    /// <summary>Feeds the chunks one at a time, as reads from a pipe would, keeping unconsumed bytes.</summary>
    private static List<string> Feed(int maxLineBytes, params string[] chunks)
    {
        var sink = new RecordingSink();
        var splitter = new LineSplitter(maxLineBytes, sink);
        byte[] pending = [];
        for (int i = 0; i < chunks.Length; i++)
        {
            byte[] buffer = [.. pending, .. Encoding.UTF8.GetBytes(chunks[i])];
            ReadOnlySequence<byte> sequence = TestSequence.Split(buffer, 3);
            SequencePosition consumed = splitter.Process(sequence, isFinal: i == chunks.Length - 1);
            pending = sequence.Slice(consumed).ToArray();
        }

        return sink.Events;
    }

    [Fact]
    public void Process_SplitsLines_AcrossChunks()
    {
        Assert.Equal(["1:ab", "2:cd", "3:"], Feed(10, "a", "b\nc", "d\n\n", ""));
    }

    [Fact]
    public void Process_DeliversTheLastLine_WhenItHasNoNewline()
    {
        Assert.Equal(["1:ab", "2:cd"], Feed(10, "ab\ncd"));
    }

    [Fact]
    public void Process_KeepsTheCarriageReturn_ForTheJsonParserToTreatAsWhitespace()
    {
        Assert.Equal(["1:ab\r"], Feed(10, "ab\r\n"));
    }

    [Fact]
    public void Process_IgnoresALineOverTheCap_AndReadsTheNextOne()
    {
        Assert.Equal(["1:TOO LONG", "2:ok"], Feed(4, "12345\nok\n"));
    }

    [Fact]
    public void Process_DropsAnOverlongLine_ArrivingInManyChunks_WithoutBufferingIt()
    {
        var sink = new RecordingSink();
        var splitter = new LineSplitter(4, sink);

        var first = new ReadOnlySequence<byte>("123456"u8.ToArray());
        // Everything consumed: the splitter keeps nothing of a line it already knows is too long.
        Assert.Equal(first.End, splitter.Process(first, isFinal: false));

        splitter.Process(new ReadOnlySequence<byte>("789"u8.ToArray()), isFinal: false);
        splitter.Process(new ReadOnlySequence<byte>("0\nok\n"u8.ToArray()), isFinal: true);

        Assert.Equal(["1:TOO LONG", "2:ok"], sink.Events);
    }

    [Fact]
    public void Process_AcceptsALineExactlyAtTheCap()
    {
        Assert.Equal(["1:1234"], Feed(4, "1234\n"));
    }

    [Fact]
    public void Process_ReportsAnOverlongLastLine_AtTheEnd()
    {
        Assert.Equal(["1:ok", "2:TOO LONG"], Feed(4, "ok\n12345", "678"));
    }

    [Fact]
    public async Task ReadAllAsync_StopsAndReportsFalse_WhenTheStreamExceedsTheTotalCap()
    {
        var sink = new RecordingSink();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line\n", 1000))));

        bool within = await LineReader.ReadAllAsync(stream, new LineSplitter(100, sink), 100, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(within);
    }

    [Fact]
    public async Task ReadAllAsync_ReadsEveryLine_WhenWithinTheCap()
    {
        var sink = new RecordingSink();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"line{i}\n"))));

        bool within = await LineReader.ReadAllAsync(stream, new LineSplitter(100, sink), long.MaxValue, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(within);
        Assert.Equal(10_000, sink.Events.Count);
        Assert.Equal("10000:line9999", sink.Events[^1]);
    }
}
