using System.Text;

namespace HarpCaller.Protocol.Internal;

/// <summary>Maps a request's key names to <see cref="ClientKey"/> and back.</summary>
internal sealed class ClientKeys : IKeySet
{
    private ClientKeys()
    {
    }

    private static readonly string[] s_names =
    [
        "harpcaller", "host", "procedure", "arguments", "timeout", "max_exec_time", "queue", "info",
        "cancel", "get_result", "wait", "get_status", "follow_stream", "read_stream", "since", "recent",
    ];

    /// <summary>The key's name on the wire.</summary>
    public static string Name(ClientKey key) => s_names[(int)key];

    /// <summary>The bit of <paramref name="key"/> in a key mask.</summary>
    public static int Bit(ClientKey key) => 1 << (int)key;

    /// <inheritdoc/>
    static int IKeySet.Lookup(ReadOnlySpan<byte> rawName, bool escaped)
    {
        ClientKey key = Lookup(rawName, escaped);
        return key == ClientKey.Unknown ? -1 : (int)key;
    }

    /// <summary>Looks up a property name as it appears in the reader (escaped when <paramref name="escaped"/>).</summary>
    public static ClientKey Lookup(ReadOnlySpan<byte> rawName, bool escaped)
    {
        if (!escaped)
        {
            return Lookup(rawName);
        }

        // Escaped names are rare (no known client writes them), so decoding to a string is fine here.
        // A known name has at most 13 characters, each at most 6 bytes escaped.
        const int MaxEscapedKnownName = 13 * 6;
        if (rawName.Length > MaxEscapedKnownName)
        {
            return ClientKey.Unknown;
        }

        string name = JsonStringCodec.Unescape(rawName);
        Span<byte> utf8 = stackalloc byte[MaxEscapedKnownName * 3];
        int length = Encoding.UTF8.GetBytes(name, utf8);
        return Lookup(utf8[..length]);
    }

    private static ClientKey Lookup(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("host"u8) => ClientKey.Host,
        4 when name.SequenceEqual("info"u8) => ClientKey.Info,
        4 when name.SequenceEqual("wait"u8) => ClientKey.Wait,
        5 when name.SequenceEqual("queue"u8) => ClientKey.Queue,
        5 when name.SequenceEqual("since"u8) => ClientKey.Since,
        6 when name.SequenceEqual("cancel"u8) => ClientKey.Cancel,
        6 when name.SequenceEqual("recent"u8) => ClientKey.Recent,
        7 when name.SequenceEqual("timeout"u8) => ClientKey.Timeout,
        9 when name.SequenceEqual("procedure"u8) => ClientKey.Procedure,
        9 when name.SequenceEqual("arguments"u8) => ClientKey.Arguments,
        10 when name.SequenceEqual("harpcaller"u8) => ClientKey.Harpcaller,
        10 when name.SequenceEqual("get_result"u8) => ClientKey.GetResult,
        10 when name.SequenceEqual("get_status"u8) => ClientKey.GetStatus,
        11 when name.SequenceEqual("read_stream"u8) => ClientKey.ReadStream,
        13 when name.SequenceEqual("max_exec_time"u8) => ClientKey.MaxExecTime,
        13 when name.SequenceEqual("follow_stream"u8) => ClientKey.FollowStream,
        _ => ClientKey.Unknown,
    };
}
