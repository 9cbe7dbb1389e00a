using System.Buffers;

namespace HarpCaller.Daemon.Control;

/// <summary>
/// Splits one JSON reply line, as it arrives, into the elements of one top-level array member
/// (<c>"jobs"</c> of <c>list --all</c>) and the rest of the reply (the envelope, with that array
/// left empty). A listing of a million jobs is then printed job by job, in bounded memory,
/// instead of being held whole. Only structure is tracked here (strings, escapes, nesting);
/// each element and the envelope are parsed as JSON by the caller.
/// </summary>
internal sealed class ArraySplitter(string member, Action<ReadOnlySpan<byte>> element, int maxElementBytes, int maxEnvelopeBytes)
{
    private readonly byte[] _member = System.Text.Encoding.UTF8.GetBytes(member);
    private readonly ArrayBufferWriter<byte> _element = new(4096);
    private readonly ArrayBufferWriter<byte> _envelope = new(256);
    private readonly ArrayBufferWriter<byte> _lastString = new(64);
    private int _depth;
    private bool _inString;
    private bool _escape;
    private bool _inTarget;       // inside the member's array (its '[' is at depth 1 → 2)
    private bool _targetDone;
    private bool _capturingString;

    /// <summary>True once the line's terminating '\n' has been seen.</summary>
    public bool Complete { get; private set; }

    /// <summary>The reply without the array's elements.</summary>
    public ReadOnlyMemory<byte> Envelope => _envelope.WrittenMemory;

    /// <summary>Takes the next bytes; returns how many belong to the line (the rest follows its '\n').</summary>
    /// <exception cref="FormatException">The structure is broken or a part exceeds its bound.</exception>
    public int Feed(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            // JSON text never holds a raw newline, not even in a string: it always ends the line.
            if (b == (byte)'\n')
            {
                if (_depth != 0 || _inString) throw new FormatException("the reply ended inside a JSON value");
                Complete = true;
                return i + 1;
            }
            // Between the array's elements: separators and blanks belong to neither part.
            if (_inTarget && _depth == 2 && !_inString && b is (byte)',' or (byte)' ' or (byte)'\t' or (byte)'\r') continue;
            var inElement = _inTarget && (_depth > 2 || (_depth == 2 && b != (byte)']'));
            Track(b);
            if (inElement)
            {
                if (_element.WrittenCount == 0 && b is not ((byte)'{' or (byte)'['))
                {
                    throw new FormatException($"the elements of \"{member}\" must be objects");
                }
                Append(_element, b, maxElementBytes);
                if (_depth == 2 && !_inString && b is (byte)'}' or (byte)']')
                {
                    element(_element.WrittenSpan);
                    _element.ResetWrittenCount();
                }
            }
            else
            {
                Append(_envelope, b, maxEnvelopeBytes);
            }
        }
        return data.Length;
    }

    private void Track(byte b)
    {
        if (_inString)
        {
            if (_escape) { _escape = false; }
            else if (b == (byte)'\\') { _escape = true; }
            else if (b == (byte)'"') { _inString = false; _capturingString = false; return; }
            if (_capturingString) Append(_lastString, b, 1024);
            return;
        }
        switch (b)
        {
            case (byte)'"':
                _inString = true;
                // Strings directly in the top-level object are its keys and scalar values; the last
                // one before a '[' is that array's key.
                _capturingString = _depth == 1;
                if (_capturingString) _lastString.ResetWrittenCount();
                break;
            case (byte)'{':
            case (byte)'[':
                _depth++;
                if (b == (byte)'[' && _depth == 2 && !_targetDone && _lastString.WrittenSpan.SequenceEqual(_member))
                {
                    _inTarget = true;
                }
                if (_depth > ControlClient.MaxDepth) throw new FormatException("the reply nests too deep");
                break;
            case (byte)'}':
            case (byte)']':
                if (_depth == 0) throw new FormatException("unbalanced brackets in the reply");
                if (_inTarget && _depth == 2 && b == (byte)']') { _inTarget = false; _targetDone = true; }
                _depth--;
                break;
        }
    }

    private static void Append(ArrayBufferWriter<byte> buffer, byte b, int max)
    {
        if (buffer.WrittenCount >= max) throw new FormatException($"a part of the reply is longer than {max} bytes");
        buffer.GetSpan(1)[0] = b;
        buffer.Advance(1);
    }
}
