using System.Text.Json;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// Parses the request line <c>{"harp":1,"procedure":P,"arguments":A,"auth":{"user":U,"password":W}}</c>.
/// Pure: bytes in, a <see cref="HarpRequest"/> or a <see cref="HarpRequestException"/> out.
/// </summary>
internal static class RequestParser
{
    // Deep enough for any realistic argument structure, shallow enough to bound the work.
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 256 };

    /// <summary>
    /// Parses <paramref name="line"/> (without its newline; a trailing <c>\r</c> and other whitespace
    /// are JSON whitespace). The result references <paramref name="line"/>'s memory.
    /// </summary>
    /// <exception cref="HarpRequestException">With <c>parse_error</c> or <c>invalid_request</c>.</exception>
    public static HarpRequest Parse(ReadOnlyMemory<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, s_options);
        }
        catch (JsonException e)
        {
            // Only the position: the parser's message may quote request text, which can contain the password.
            throw new HarpRequestException(HarpErrorTypes.ParseError, $"request is not valid JSON (near byte {e.BytePositionInLine ?? 0})");
        }

        try
        {
            return Validate(document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static HarpRequest Validate(JsonDocument document)
    {
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("request is not a JSON object");
        }

        if (!root.TryGetProperty("harp"u8, out JsonElement harp) || harp.ValueKind != JsonValueKind.Number
            || !harp.TryGetInt32(out int version) || version != 1)
        {
            throw Invalid("\"harp\" must be 1");
        }

        if (!root.TryGetProperty("procedure"u8, out JsonElement procedure) || procedure.ValueKind != JsonValueKind.String)
        {
            throw Invalid("\"procedure\" must be a string");
        }

        if (!root.TryGetProperty("arguments"u8, out JsonElement arguments)
            || arguments.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            throw Invalid("\"arguments\" must be a list or an object");
        }

        if (!root.TryGetProperty("auth"u8, out JsonElement auth) || auth.ValueKind != JsonValueKind.Object
            || !auth.TryGetProperty("user"u8, out JsonElement user) || user.ValueKind != JsonValueKind.String
            || !auth.TryGetProperty("password"u8, out JsonElement password) || password.ValueKind != JsonValueKind.String)
        {
            throw Invalid("\"auth\" must be an object with string \"user\" and \"password\"");
        }

        return new HarpRequest(document, procedure.GetString()!, arguments, user.GetString()!, password);
    }

    private static HarpRequestException Invalid(string message) => new(HarpErrorTypes.InvalidRequest, message);
}
