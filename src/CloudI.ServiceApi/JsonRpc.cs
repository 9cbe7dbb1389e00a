using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>
/// The <c>rpc.json</c> endpoint in the CloudI 1.5.3 format (specification §b.3): request
/// <c>{"method": F, "params": ["term text"], "id": Id}</c>, response
/// <c>{"result":"term text","error":null,"id":Id,"jsonrpc":"2.0"}</c> (key order fixed;
/// <c>"1.1"</c> for a string id) and the four 1.5.3 error objects.
/// </summary>
public static class JsonRpc
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Handles one request body: parses it, calls <paramref name="call"/> with the function name
    /// and its argument (null for arity 1) and answers the JSON response text.
    /// </summary>
    /// <param name="body">The POST body.</param>
    /// <param name="call">Executes a function; the argument is null for arity-1 functions.</param>
    public static async Task<string> HandleAsync(ReadOnlyMemory<byte> body, Func<string, ErlangTerm?, Task<ErlangTerm>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (body.Length > ErlangText.MaxBodyBytes)
        {
            return ErrorResponse(0, "invalid_json_rpc", null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ReaderOptions);
        }
        catch (JsonException)
        {
            return ErrorResponse(0, "invalid_json_rpc", null);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("method", out JsonElement method) || method.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("id", out JsonElement idElement) || !TryId(idElement, out RequestId id))
            {
                return ErrorResponse(0, "invalid_json_rpc", null);
            }

            string function = method.GetString()!;
            if (!CloudIServiceApi.TryGetArity(function, out int arity))
            {
                return ErrorResponse(1, "invalid_method", id);
            }

            List<JsonElement> parameters = [];
            if (root.TryGetProperty("params", out JsonElement paramsElement))
            {
                if (paramsElement.ValueKind != JsonValueKind.Array)
                {
                    return ErrorResponse(2, "invalid_params", id);
                }

                parameters.AddRange(paramsElement.EnumerateArray());
            }

            if (parameters.Count != arity - 1)
            {
                return ErrorResponse(2, "invalid_params", id);
            }

            ErlangTerm result;
            if (arity == 1)
            {
                result = await call(function, null).ConfigureAwait(false);
            }
            else if (parameters[0].ValueKind != JsonValueKind.String)
            {
                return ErrorResponse(3, "invalid_param", id);
            }
            else
            {
                ErlangTerm argument;
                try
                {
                    argument = ErlangText.ParseBody(parameters[0].GetString()!);
                }
                catch (FormatException)
                {
                    return Response(ErlangText.PrintResult(ApiTerms.Timeout), null, 0, id);
                }

                result = await call(function, argument).ConfigureAwait(false);
            }

            return Response(ErlangText.PrintResult(result), null, 0, id);
        }
    }

    /// <summary>An error response of the 1.5.3 endpoint (<paramref name="id"/> null → <c>0</c>).</summary>
    internal static string ErrorResponse(int code, string message, RequestId? id) => Response(null, message, code, id);

    private static string Response(string? result, string? errorMessage, int errorCode, RequestId? id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (result is null)
            {
                writer.WriteNull("result");
            }
            else
            {
                writer.WriteString("result", result);
            }

            if (errorMessage is null)
            {
                writer.WriteNull("error");
            }
            else
            {
                writer.WriteStartObject("error");
                writer.WriteNumber("code", errorCode);
                writer.WriteString("message", errorMessage);
                writer.WriteEndObject();
            }

            bool textId = false;
            if (id is { Text: { } text })
            {
                writer.WriteString("id", text);
                textId = true;
            }
            else if (id is { Number: { } number })
            {
                writer.WritePropertyName("id");
                writer.WriteRawValue(number, skipInputValidation: false);
            }
            else
            {
                writer.WriteNumber("id", 0);
            }

            writer.WriteString("jsonrpc", textId ? "1.1" : "2.0");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryId(JsonElement element, out RequestId id)
    {
        id = default;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                id = new RequestId(element.GetString(), null);
                return true;
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                if (raw.AsSpan().ContainsAny(".eE"))
                {
                    return false;
                }

                id = new RequestId(null, raw);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A request id: a string, or an integer kept as its JSON text (any size).</summary>
    internal readonly record struct RequestId(string? Text, string? Number);
}
