using System.Text;

namespace CloudI.Examples;

/// <summary>
/// CloudI's <c>key\0value\0</c> text pairs (<c>cloudi_request_info:key_value_parse/new</c>),
/// used for request info, response info and the HTTP front's GET query strings.
/// </summary>
public static class KeyValueInfo
{
    /// <summary>
    /// The pairs in order, repeated keys kept (the HTTP front passes <c>?y=1&amp;y=2</c> as two
    /// pairs). A trailing key without a value is an error: the data is not key/value text.
    /// </summary>
    /// <exception cref="FormatException">The data does not consist of NUL-terminated pairs.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> data)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (data.IsEmpty)
        {
            return pairs;
        }

        if (data[^1] != 0)
        {
            throw new FormatException("key/value data must end with a NUL byte");
        }

        string[] parts = Encoding.UTF8.GetString(data[..^1]).Split('\0');
        if (parts.Length % 2 != 0)
        {
            throw new FormatException($"key/value data has an odd number of fields ({parts.Length})");
        }

        for (int k = 0; k < parts.Length; k += 2)
        {
            pairs.Add(new(parts[k], parts[k + 1]));
        }

        return pairs;
    }

    /// <summary>The first value of <paramref name="key"/>, as CloudI's test services take it, or null.</summary>
    public static string? First(IReadOnlyList<KeyValuePair<string, string>> pairs, string key)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>Encodes pairs as <c>key\0value\0…</c>.</summary>
    public static byte[] Encode(params (string Key, string Value)[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var text = new StringBuilder();
        foreach ((string key, string value) in pairs)
        {
            text.Append(key).Append('\0').Append(value).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
