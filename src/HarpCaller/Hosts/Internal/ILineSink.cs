using System.Buffers;

namespace HarpCaller.Hosts.Internal;

/// <summary>Receives the lines a <see cref="LineSplitter"/> finds.</summary>
internal interface ILineSink
{
    /// <summary>A complete line within the cap, without its <c>\n</c>; valid only during the call.</summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="lineNumber">1-based line number.</param>
    void OnLine(ReadOnlySequence<byte> line, long lineNumber);

    /// <summary>A line longer than the cap; its bytes were discarded.</summary>
    /// <param name="lineNumber">1-based line number.</param>
    void OnLineTooLong(long lineNumber);
}
