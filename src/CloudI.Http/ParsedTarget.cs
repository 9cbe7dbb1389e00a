namespace CloudI.Http;

/// <summary>
/// What the front derives from a request target and method: the raw path, the service name and,
/// for GET, the encoded query. Immutable, so a connection can keep the last one and hand it to
/// the next request that repeats the target (keep-alive clients mostly do, and Kestrel then
/// gives the same target string): no substring, name or query array per request. The service
/// receives the cached query array itself; requests are read-only, so sharing it is safe.
/// </summary>
internal sealed class ParsedTarget
{
    public ParsedTarget(string target, string method, string path, string name, byte[]? query, bool badQuery)
    {
        Target = target;
        Method = method;
        Path = path;
        Name = name;
        Query = query;
        BadQuery = badQuery;
    }

    /// <summary>The raw request target this was derived from.</summary>
    public string Target { get; }

    /// <summary>The method (after <c>x-http-method-override</c>).</summary>
    public string Method { get; }

    /// <summary>The raw path: no query, not percent-decoded.</summary>
    public string Path { get; }

    /// <summary>The service name (prefixes and method suffix applied).</summary>
    public string Name { get; }

    /// <summary>For GET: the query in <c>query_get_format</c>; null for other methods or a bad query.</summary>
    public byte[]? Query { get; }

    /// <summary>For GET: the query has a malformed percent escape (HTTP 400).</summary>
    public bool BadQuery { get; }

    /// <summary>Whether this was derived from exactly <paramref name="target"/> and <paramref name="method"/>.</summary>
    public bool Matches(string target, string method) =>
        string.Equals(Target, target, StringComparison.Ordinal) && string.Equals(Method, method, StringComparison.Ordinal);
}
