using System.Text;

namespace HarpCaller.Protocol.Internal;

/// <summary>Maps a daemon message's key names to <see cref="HarpdKey"/>.</summary>
internal sealed class HarpdKeys : IKeySet
{
    private HarpdKeys()
    {
    }

    /// <summary>The bit of <paramref name="key"/> in a key mask.</summary>
    public static int Bit(HarpdKey key) => 1 << (int)key;

    /// <inheritdoc/>
    static int IKeySet.Lookup(ReadOnlySpan<byte> rawName, bool escaped)
    {
        if (escaped)
        {
            // The original daemon never escapes its keys, but they are still valid JSON.
            // A known name has at most 13 characters, each at most 6 bytes escaped.
            const int MaxEscapedKnownName = 13 * 6;
            if (rawName.Length > MaxEscapedKnownName)
            {
                return -1;
            }

            string name = JsonStringCodec.Unescape(rawName);
            Span<byte> utf8 = stackalloc byte[MaxEscapedKnownName * 3];
            int length = Encoding.UTF8.GetBytes(name, utf8);
            return Lookup(utf8[..length]);
        }

        return Lookup(rawName);
    }

    private static int Lookup(ReadOnlySpan<byte> name)
    {
        HarpdKey key = name switch
        {
            _ when name.SequenceEqual("harp"u8) => HarpdKey.Harp,
            _ when name.SequenceEqual("stream_result"u8) => HarpdKey.StreamResult,
            _ when name.SequenceEqual("error"u8) => HarpdKey.Error,
            _ when name.SequenceEqual("stream"u8) => HarpdKey.Stream,
            _ when name.SequenceEqual("result"u8) => HarpdKey.Result,
            _ when name.SequenceEqual("exception"u8) => HarpdKey.Exception,
            _ => HarpdKey.Count,
        };
        return key == HarpdKey.Count ? -1 : (int)key;
    }
}
