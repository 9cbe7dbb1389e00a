using System.Buffers;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Splits a byte stream into <c>\n</c>-terminated lines with a per-line cap. Pure: buffers in,
/// lines to the sink and a "consumed up to" position out; no I/O.
/// </summary>
/// <remarks>
/// A line over the cap is not buffered: once it is known to be too long its bytes are dropped
/// as they arrive and the sink hears of it when its <c>\n</c> (or the end) comes, so memory per
/// line stays bounded by the cap whatever the producer writes.
/// </remarks>
internal sealed class LineSplitter
{
    private readonly int _maxLineBytes;
    private readonly ILineSink _sink;
    private bool _discarding;
    private long _lineNumber;

    /// <summary>Creates a splitter.</summary>
    /// <param name="maxLineBytes">Longest accepted line, excluding the <c>\n</c>.</param>
    /// <param name="sink">Receives the lines.</param>
    public LineSplitter(int maxLineBytes, ILineSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _maxLineBytes = maxLineBytes;
        _sink = sink;
    }

    /// <summary>
    /// Hands every complete line in <paramref name="buffer"/> to the sink.
    /// </summary>
    /// <param name="buffer">Unconsumed bytes.</param>
    /// <param name="isFinal">No more bytes will come: an unterminated last line is a line.</param>
    /// <returns>The position up to which the bytes are consumed; the rest must be offered again with more data.</returns>
    public SequencePosition Process(ReadOnlySequence<byte> buffer, bool isFinal)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
        {
            _lineNumber++;
            if (_discarding || line.Length > _maxLineBytes)
            {
                _sink.OnLineTooLong(_lineNumber);
            }
            else
            {
                _sink.OnLine(line, _lineNumber);
            }

            _discarding = false;
        }

        ReadOnlySequence<byte> rest = reader.UnreadSequence;
        if (isFinal)
        {
            // A script may omit the final newline; its last line still counts.
            if (_discarding || rest.Length > _maxLineBytes)
            {
                _lineNumber++;
                _sink.OnLineTooLong(_lineNumber);
            }
            else if (!rest.IsEmpty)
            {
                _lineNumber++;
                _sink.OnLine(rest, _lineNumber);
            }

            _discarding = false;
            return buffer.End;
        }

        if (_discarding || rest.Length > _maxLineBytes)
        {
            _discarding = true;
            return buffer.End;
        }

        return reader.Position;
    }
}
