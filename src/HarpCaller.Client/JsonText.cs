using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>
/// A JSON value kept as compact, validated text. Numbers keep exactly the digits they were written
/// with (a 30-digit integer stays that integer), which a round trip through <see cref="double"/> or
/// <see cref="decimal"/> would not guarantee. <c>default</c> is JSON <c>null</c>.
/// </summary>
public readonly struct JsonText : IEquatable<JsonText>
{
    // Relaxed escaping keeps non-ASCII text readable; the result is still valid single-line JSON.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = JsonLimits.MaxDepth };

    private readonly string? _text;

    private JsonText(string text) => _text = text;

    /// <summary>JSON <c>null</c>.</summary>
    public static JsonText Null => default;

    /// <summary>The compact JSON text (never contains a line break).</summary>
    public string Text => _text ?? "null";

    /// <summary>The kind of the value (object, array, number, ...).</summary>
    public JsonValueKind ValueKind => ToElement().ValueKind;

    /// <summary>Parses and compacts JSON text; numbers keep their written form.</summary>
    /// <exception cref="JsonException">The text is not exactly one JSON value.</exception>
    public static JsonText Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, DocumentOptions);
        return FromElement(document.RootElement);
    }

    /// <summary>Like <see cref="Parse"/>, without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string json, out JsonText value, out string? error)
    {
        try
        {
            value = Parse(json);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            value = default;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Takes a value from a <see cref="JsonElement"/>; its numbers are copied as written.</summary>
    /// <exception cref="ArgumentException">The element is <c>default</c> (undefined).</exception>
    public static JsonText FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("An undefined JsonElement has no JSON value.", nameof(element));
        }

        // Re-writing (rather than GetRawText) removes insignificant whitespace and line breaks, so the
        // value can sit on one protocol line; the writer copies number tokens verbatim.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            try
            {
                element.WriteTo(writer);
            }
            catch (InvalidOperationException e)
            {
                // A lone surrogate escape parses but cannot be written back as text.
                throw new JsonException("The JSON value cannot be re-encoded: " + e.Message, e);
            }
        }

        return new JsonText(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Takes a value from a <see cref="JsonNode"/>; <c>null</c> is JSON <c>null</c>.</summary>
    public static JsonText FromNode(JsonNode? node)
    {
        if (node is null)
        {
            return Null;
        }

        // ToJsonString is compact by default and keeps the text of numbers parsed from JSON.
        return Parse(node.ToJsonString());
    }

    /// <summary>Converts an element (see <see cref="FromElement"/>).</summary>
    public static implicit operator JsonText(JsonElement element) => FromElement(element);

    /// <summary>Converts a node (see <see cref="FromNode"/>).</summary>
    public static implicit operator JsonText(JsonNode? node) => FromNode(node);

    /// <summary>A standalone <see cref="JsonElement"/> holding the value.</summary>
    public JsonElement ToElement()
    {
        using var document = JsonDocument.Parse(Text, DocumentOptions);
        return document.RootElement.Clone();
    }

    /// <summary>Writes the value into a JSON writer, unchanged.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // Validated when constructed; skipping validation avoids parsing a second time.
        writer.WriteRawValue(Text, skipInputValidation: true);
    }

    /// <inheritdoc />
    public bool Equals(JsonText other) => string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is JsonText other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>Textual equality.</summary>
    public static bool operator ==(JsonText left, JsonText right) => left.Equals(right);

    /// <summary>Textual inequality.</summary>
    public static bool operator !=(JsonText left, JsonText right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Text;
}
