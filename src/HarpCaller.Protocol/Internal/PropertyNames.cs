using System.Text.Json;

namespace HarpCaller.Protocol.Internal;

/// <summary>Compares a reader's property name with a known ASCII name, escaped or not.</summary>
internal static class PropertyNames
{
    /// <summary>
    /// Whether the reader, positioned on a property name, names <paramref name="asciiName"/>. Unlike
    /// <c>Utf8JsonReader.ValueTextEquals</c> this never throws on a lone surrogate escape.
    /// </summary>
    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> asciiName)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.SequenceEqual(asciiName);
        }

        // An escaped name takes at most 6 bytes per character; anything longer cannot match.
        if (reader.ValueSpan.Length > asciiName.Length * 6)
        {
            return false;
        }

        string name = JsonStringCodec.Unescape(reader.ValueSpan);
        if (name.Length != asciiName.Length)
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != asciiName[i])
            {
                return false;
            }
        }

        return true;
    }
}
