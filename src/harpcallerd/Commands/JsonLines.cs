using System.Text.Json;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary>
/// Standard output as one compact JSON value per line (the manual's list format). Members keep the
/// daemon's order and numbers their exact text, because values are copied from the reply as parsed.
/// </summary>
internal sealed class JsonLines : IDisposable
{
    private readonly Stream _stdout = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024);
    private readonly Utf8JsonWriter _writer;

    public JsonLines()
    {
        _writer = new Utf8JsonWriter(_stdout, ControlClient.WriterOptions);
    }

    /// <summary>Writes <paramref name="value"/> as one line.</summary>
    public void Write(JsonElement value)
    {
        value.WriteTo(_writer);
        EndLine();
    }

    /// <summary>Writes the object <paramref name="value"/> without its member <paramref name="omit"/>, as one line.</summary>
    public void WriteWithout(JsonElement value, string omit)
    {
        _writer.WriteStartObject();
        foreach (var member in value.EnumerateObject())
        {
            if (!member.NameEquals(omit)) member.WriteTo(_writer);
        }
        _writer.WriteEndObject();
        EndLine();
    }

    /// <summary>Sends what is buffered to standard output.</summary>
    public void Flush() => _stdout.Flush();

    public void Dispose()
    {
        _writer.Dispose();
        // Standard output itself stays open: Console.Out may still be used after this.
    }

    private void EndLine()
    {
        _writer.Flush();
        _stdout.WriteByte((byte)'\n');
        _writer.Reset();
    }

    /// <summary>The elements of <paramref name="items"/>, all of which must be objects, else the reply is unexpected.</summary>
    public static List<JsonElement> Objects(ControlReply reply, JsonElement.ArrayEnumerator items)
    {
        var list = new List<JsonElement>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object) throw reply.Unexpected();
            list.Add(item);
        }
        return list;
    }
}
