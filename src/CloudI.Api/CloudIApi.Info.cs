using System.Text;

namespace CloudI.Api;

public sealed partial class CloudIApi
{
    /// <summary>
    /// The <c>key\0value\0…</c> pairs of a request info (CloudI's key/value format, also used by
    /// the HTTP front for headers and GET queries), in order, repeated keys kept.
    /// </summary>
    /// <exception cref="CloudIInvalidInputException">The data is not NUL-terminated key/value pairs.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> RequestInfoToPairs(ReadOnlySpan<byte> requestInfo)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        while (!requestInfo.IsEmpty)
        {
            int keyEnd = requestInfo.IndexOf((byte)0);
            int valueEnd = keyEnd < 0 ? -1 : requestInfo[(keyEnd + 1)..].IndexOf((byte)0);
            if (valueEnd < 0)
            {
                throw new CloudIInvalidInputException("request info is not key\\0value\\0 pairs");
            }

            pairs.Add(new(Encoding.UTF8.GetString(requestInfo[..keyEnd]),
                Encoding.UTF8.GetString(requestInfo.Slice(keyEnd + 1, valueEnd))));
            requestInfo = requestInfo[(keyEnd + 1 + valueEnd + 1)..];
        }

        return pairs;
    }

    /// <summary>
    /// The <c>key\0value\0…</c> request info as a dictionary; a repeated key keeps its first value
    /// (use <see cref="RequestInfoToPairs"/> to see all of them).
    /// </summary>
    /// <exception cref="CloudIInvalidInputException">The data is not NUL-terminated key/value pairs.</exception>
    public static Dictionary<string, string> RequestInfoToDictionary(ReadOnlySpan<byte> requestInfo)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in RequestInfoToPairs(requestInfo))
        {
            result.TryAdd(pair.Key, pair.Value);
        }

        return result;
    }

    /// <summary>Encodes pairs as a <c>key\0value\0…</c> response info (e.g. HTTP response headers).</summary>
    public static byte[] DictionaryToResponseInfo(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var text = new StringBuilder();
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            text.Append(pair.Key).Append('\0').Append(pair.Value).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
