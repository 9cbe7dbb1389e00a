using System.Text.Json;

namespace HarpCaller.Protocol.Internal;

/// <summary>
/// First pass of both parsers: validates that a line is exactly one JSON value and, when it is an
/// object, copies each known key's value (compacted) into a scratch buffer and notes where.
/// </summary>
/// <remarks>
/// Semantic problems (not an object, unknown or repeated key) are only reported after the whole line
/// has been read, so input that is not JSON at all is always reported as such. The second pass then
/// interprets the slots without touching the line again, and each value is tokenised only once.
/// </remarks>
internal static class TopLevelReader
{
    /// <summary>Nesting limit for both wires.</summary>
    public const int MaxDepth = JsonText.DefaultMaxDepth;

    /// <summary>
    /// Reads <paramref name="line"/> (valid UTF-8) filling <paramref name="slots"/>. Returns <see langword="null"/>
    /// when the line is an object with known, distinct keys, otherwise a short description of the first problem.
    /// </summary>
    /// <param name="line">The line; may carry whitespace (including <c>\r</c>) around the value.</param>
    /// <param name="scratch">At least <c>line.Length</c> bytes.</param>
    /// <param name="slots">One slot per known key, all empty on entry.</param>
    /// <param name="subject">What the line is, for messages ("request", "message").</param>
    /// <exception cref="JsonException">The line is not exactly one JSON value, or is nested too deeply.</exception>
    public static string? Read<TKeys>(ReadOnlySpan<byte> line, scoped Span<byte> scratch, scoped Span<ValueSlot> slots, string subject)
        where TKeys : IKeySet
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            reader.Read(); // throws unless only whitespace follows
            return subject + " is not a JSON object";
        }

        string? problem = null;
        int written = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int key = TKeys.Lookup(reader.ValueSpan, reader.ValueIsEscaped);
            if (key < 0 || slots[key].IsPresent)
            {
                if (problem is null)
                {
                    string name = MessageText.QuoteRaw(reader.ValueSpan, reader.ValueIsEscaped);
                    problem = key < 0 ? $"unknown key '{name}'" : $"duplicate key '{name}'";
                }

                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            ref ValueSlot slot = ref slots[key];
            slot.Type = reader.TokenType;
            slot.Escaped = reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped;
            slot.Start = written;
            written += JsonCompactor.CopyValue(ref reader, scratch[written..]);
            slot.Length = written - slot.Start;
        }

        reader.Read(); // throws unless only whitespace follows the object
        return problem;
    }
}
