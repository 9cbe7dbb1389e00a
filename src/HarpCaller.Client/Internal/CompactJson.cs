using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HarpCaller.Client.Internal;

/// <summary>Writes compact single-line JSON, the form used on the wire and by the CLI.</summary>
internal static class CompactJson
{
    /// <summary>
    /// Relaxed escaping: non-ASCII stays UTF-8 instead of \u escapes, keeping output readable; the
    /// dispatcher must accept full Unicode anyway, and nothing here is embedded in HTML.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns the text.</summary>
    public static string Write(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(WriteUtf8(write, newline: false));

    /// <summary>Runs <paramref name="write"/> and returns UTF-8 bytes, optionally ending in <c>\n</c>.</summary>
    public static byte[] WriteUtf8(Action<Utf8JsonWriter> write, bool newline)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        if (newline)
        {
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>{"key":{"type":T,"message":M[,"data":D]}}</c>, the exception and error form.</summary>
    public static void WriteFailure(Utf8JsonWriter writer, string key, string type, string message, JsonElement? data)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(key);
        writer.WriteString("type", type);
        writer.WriteString("message", message);
        if (data is { } value)
        {
            writer.WritePropertyName("data");
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a Unix time: an integer when it is whole seconds (the spec's form), else a fraction,
    /// so a time read from a reply is written back unchanged.
    /// </summary>
    public static void WriteUnixTime(Utf8JsonWriter writer, string key, DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        if (milliseconds % 1000 == 0)
        {
            writer.WriteNumber(key, milliseconds / 1000);
        }
        else
        {
            writer.WriteNumber(key, milliseconds / 1000.0);
        }
    }
}
