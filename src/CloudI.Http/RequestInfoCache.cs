using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CloudI.Http;

/// <summary>
/// The RequestInfo last built on a connection with the headers and URL path it was built from.
/// A keep-alive client usually sends the same headers on every request (and Kestrel then keeps
/// the same value strings), so comparing them is cheaper than building, sorting and encoding
/// again, and the request gets the same (read-only) array. Immutable: concurrent HTTP/2
/// streams of one connection can share it.
/// </summary>
internal sealed class RequestInfoCache
{
    /// <summary>More headers than this are not worth comparing one by one: built each time.</summary>
    public const int MaxHeaders = 32;

    private readonly string[] _names;
    private readonly string[] _values;
    private readonly string _urlPath;

    private RequestInfoCache(string[] names, string[] values, string urlPath, byte[] info)
    {
        _names = names;
        _values = values;
        _urlPath = urlPath;
        Info = info;
    }

    /// <summary>The RequestInfo built from the headers.</summary>
    public byte[] Info { get; }

    /// <summary>A cache entry for <paramref name="info"/>, or null when the headers are not cacheable (too many, or a repeated header).</summary>
    public static RequestInfoCache? Create(IHeaderDictionary headers, string urlPath, byte[] info)
    {
        int count = headers.Count;
        if (count > MaxHeaders)
        {
            return null;
        }

        string[] names = new string[count];
        string[] values = new string[count];
        int k = 0;
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            if (k == count || header.Value.Count != 1)
            {
                return null;
            }

            names[k] = header.Key;
            values[k] = header.Value[0] ?? string.Empty;
            k++;
        }

        return k == count ? new RequestInfoCache(names, values, urlPath, info) : null;
    }

    /// <summary>Whether <paramref name="headers"/> (in order) and <paramref name="urlPath"/> are the ones <see cref="Info"/> was built from.</summary>
    public bool Matches(IHeaderDictionary headers, string urlPath)
    {
        if (headers.Count != _names.Length || !string.Equals(urlPath, _urlPath, StringComparison.Ordinal))
        {
            return false;
        }

        int k = 0;
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            // Kestrel reuses unchanged value strings, so the first test usually decides.
            if (k == _names.Length || header.Value.Count != 1
                || !string.Equals(header.Key, _names[k], StringComparison.Ordinal)
                || !string.Equals(header.Value[0], _values[k], StringComparison.Ordinal))
            {
                return false;
            }

            k++;
        }

        return k == _names.Length;
    }
}
