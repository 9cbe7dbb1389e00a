using System.Text.Json;
using HarpCaller.Client.Internal;

namespace HarpCaller.Client;

/// <summary>
/// One line of a stream reply: a <see cref="StreamPacket"/>, or the single <see cref="StreamEnd"/>
/// that always comes last and carries the terminal outcome.
/// </summary>
public abstract record StreamItem
{
    private protected StreamItem()
    {
    }

    /// <summary>The line in its compact protocol form.</summary>
    public string ToJsonString() => CompactJson.Write(WriteTo);

    /// <summary>Writes the protocol form as one JSON object.</summary>
    internal abstract void WriteTo(Utf8JsonWriter writer);
}
