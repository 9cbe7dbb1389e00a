using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>A packet of the job's stream (<c>{"packet":N,"data":X[,"time":T]}</c>).</summary>
/// <param name="Index">Absolute, 0-based position of the packet in the job's stream.</param>
/// <param name="Data">The packet as the daemon sent it; numbers keep their text.</param>
/// <param name="Time">When the dispatcher received it, if the reply said so.</param>
public sealed record StreamPacket(long Index, JsonElement Data, DateTimeOffset? Time) : StreamItem
{
    internal override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("packet", Index);
        writer.WritePropertyName("data");
        Data.WriteTo(writer);
        if (Time is { } time)
        {
            CompactJson.WriteUnixTime(writer, "time", time);
        }

        writer.WriteEndObject();
    }
}
