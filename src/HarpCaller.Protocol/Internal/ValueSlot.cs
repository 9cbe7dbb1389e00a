using System.Text.Json;

namespace HarpCaller.Protocol.Internal;

/// <summary>
/// Where a top-level key's value landed in the parser's scratch buffer (already compacted), so the
/// value can be interpreted after the whole line has been validated as JSON.
/// </summary>
internal struct ValueSlot
{
    /// <summary>Offset of the compact value in the scratch buffer.</summary>
    public int Start;

    /// <summary>Length of the compact value in bytes.</summary>
    public int Length;

    /// <summary>The value's first token; <see cref="JsonTokenType.None"/> while the key has not been seen.</summary>
    public JsonTokenType Type;

    /// <summary>For strings: whether the text contains backslash escapes (needs unescaping to decode).</summary>
    public bool Escaped;

    /// <summary>Whether the key was present.</summary>
    public readonly bool IsPresent => Type != JsonTokenType.None;

    /// <summary>The compact JSON text of the value.</summary>
    public readonly ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> scratch) => scratch.Slice(Start, Length);

    /// <summary>For a string value: its content between the quotes, still escaped.</summary>
    public readonly ReadOnlySpan<byte> StringContent(ReadOnlySpan<byte> scratch) => scratch.Slice(Start + 1, Length - 2);

    /// <summary>For a string value: the decoded text (lone surrogate escapes are kept as lone surrogates).</summary>
    public readonly string DecodeString(ReadOnlySpan<byte> scratch)
    {
        ReadOnlySpan<byte> content = StringContent(scratch);
        return Escaped ? JsonStringCodec.Unescape(content) : System.Text.Encoding.UTF8.GetString(content);
    }
}
