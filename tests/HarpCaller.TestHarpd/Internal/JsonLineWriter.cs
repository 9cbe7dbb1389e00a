using System.Buffers;
using System.Diagnostics;
using System.Globalization;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Builds one-line JSON messages in a <see cref="JsonStyle"/>. Deliberately tiny: the messages of
/// the harpd protocol are flat objects with a few nested values, so only objects, names and
/// scalar or raw values are needed. One instance per connection; not thread-safe.
/// </summary>
internal sealed class JsonLineWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly JsonStyle _style;

    // Bit n set: the object at depth n already has a member, so the next one needs a separator.
    private ulong _hasMembers;
    private int _depth;
    private bool _afterName;

    public JsonLineWriter(IBufferWriter<byte> output, JsonStyle style)
    {
        _output = output;
        _style = style;
    }

    public JsonStyle Style => _style;

    public void StartObject()
    {
        BeforeValue();
        Put("{"u8);
        _depth++;
        Debug.Assert(_depth < 64, "messages are shallow");
        _hasMembers &= ~(1UL << _depth);
    }

    public void EndObject()
    {
        _depth--;
        Put("}"u8);
    }

    /// <summary>Writes a member name; <paramref name="asciiName"/> needs no escaping.</summary>
    public void Name(ReadOnlySpan<byte> asciiName)
    {
        BeforeMember();
        var sink = new ByteSink(_output);
        sink.Write((byte)'"');
        sink.Write(asciiName);
        sink.Write(_style == JsonStyle.Python ? "\": "u8 : "\":"u8);
        sink.Commit();
        _afterName = true;
    }

    public void Number(long value)
    {
        BeforeValue();
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int length, default, CultureInfo.InvariantCulture);
        Put(digits[..length]);
    }

    public void Bool(bool value)
    {
        BeforeValue();
        Put(value ? "true"u8 : "false"u8);
    }

    public void String(string value)
    {
        BeforeValue();
        var sink = new ByteSink(_output);
        JsonStringEscaper.WriteString(ref sink, value, _style);
        sink.Commit();
    }

    /// <summary>Writes a value that System.Text.Json has validated, re-spelled in this style.</summary>
    public void Raw(ReadOnlySpan<byte> validatedJson)
    {
        BeforeValue();
        var sink = new ByteSink(_output);
        JsonTranscoder.Transcode(ref sink, validatedJson, _style);
        sink.Commit();
    }

    /// <summary>Terminates the message.</summary>
    public void EndLine()
    {
        Debug.Assert(_depth == 0, "all objects closed");
        Put("\n"u8);
    }

    /// <summary>Writes bytes as a line of their own, bypassing JSON (for protocol violations).</summary>
    public void RawLine(ReadOnlySpan<byte> bytes)
    {
        Debug.Assert(_depth == 0, "not inside a message");
        Put(bytes);
        Put("\n"u8);
    }

    private void BeforeMember()
    {
        ulong bit = 1UL << _depth;
        if ((_hasMembers & bit) != 0)
        {
            Put(_style == JsonStyle.Python ? ", "u8 : ","u8);
        }
        else
        {
            _hasMembers |= bit;
        }
    }

    private void BeforeValue()
    {
        Debug.Assert(_afterName || _depth == 0, "values inside objects follow a name");
        _afterName = false;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }
}
