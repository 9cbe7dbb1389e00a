using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>What the dispatcher records about a job: the call, its times and its info.</summary>
/// <param name="Host">Target host.</param>
/// <param name="Procedure">Procedure name.</param>
/// <param name="Arguments">The call's arguments as submitted.</param>
/// <param name="Submitted">When the call was submitted.</param>
/// <param name="Started">When it started; <c>null</c> while queued or if it never started.</param>
/// <param name="Ended">When it ended; <c>null</c> while it has not.</param>
/// <param name="Info">The call's <c>info</c> value (JSON <c>null</c> when none was given).</param>
public sealed record JobStatus(
    string Host,
    string Procedure,
    JsonElement Arguments,
    DateTimeOffset Submitted,
    DateTimeOffset? Started,
    DateTimeOffset? Ended,
    JsonElement Info)
{
    /// <summary>The status in its compact protocol form (<c>{"call":{...},"time":{...},"info":I}</c>).</summary>
    public string ToJsonString() => CompactJson.Write(WriteTo);

    private void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("call");
        writer.WriteString("host", Host);
        writer.WriteString("procedure", Procedure);
        writer.WritePropertyName("arguments");
        Arguments.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteStartObject("time");
        CompactJson.WriteUnixTime(writer, "submit", Submitted);
        WriteOptionalTime(writer, "start", Started);
        WriteOptionalTime(writer, "end", Ended);
        writer.WriteEndObject();
        writer.WritePropertyName("info");
        Info.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteOptionalTime(Utf8JsonWriter writer, string key, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            CompactJson.WriteUnixTime(writer, key, value);
        }
        else
        {
            writer.WriteNull(key);
        }
    }
}
