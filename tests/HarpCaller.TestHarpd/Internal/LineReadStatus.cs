namespace HarpCaller.TestHarpd.Internal;

/// <summary>Outcome of <see cref="LineReader.ReadLineAsync"/>.</summary>
internal enum LineReadStatus
{
    /// <summary>A complete line is available in <see cref="LineReader.Line"/>.</summary>
    Line,

    /// <summary>The peer closed the stream before a newline.</summary>
    EndOfStream,

    /// <summary>The line exceeds the limit; the rest of it was not read.</summary>
    TooLong,
}
