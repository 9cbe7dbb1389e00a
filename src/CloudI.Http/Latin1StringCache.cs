using System.Text;

namespace CloudI.Http;

/// <summary>
/// Latin-1 strings for ResponseInfo header names and values, remembered in a small hashed table
/// so that a service answering with the same headers every time (the usual case) costs no
/// string per header per response. Lock-free: a slot holds an immutable string and a race only
/// costs a miss.
/// </summary>
internal sealed class Latin1StringCache
{
    private const int Slots = 256;

    /// <summary>Longer texts are not looked up (rarely repeated; comparing costs as much as decoding).</summary>
    private const int MaxLength = 128;

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>The text of <paramref name="bytes"/> (each byte one char), cached when short.</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (bytes.Length > MaxLength)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        ref string? slot = ref _slots[Hash(bytes) & (Slots - 1)];
        string? known = Volatile.Read(ref slot);
        if (known is not null && Same(known, bytes))
        {
            return known;
        }

        string text = Encoding.Latin1.GetString(bytes);
        Volatile.Write(ref slot, text);
        return text;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a: short keys, and no adversary gains more than a cache miss.
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }

    private static bool Same(string text, ReadOnlySpan<byte> bytes)
    {
        if (text.Length != bytes.Length)
        {
            return false;
        }

        for (int k = 0; k < bytes.Length; k++)
        {
            if (text[k] != bytes[k])
            {
                return false;
            }
        }

        return true;
    }
}
