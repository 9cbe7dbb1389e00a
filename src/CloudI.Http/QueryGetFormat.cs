namespace CloudI.Http;

/// <summary>How a GET query string becomes the service request (<c>query_get_format</c>).</summary>
public enum QueryGetFormat
{
    /// <summary>The raw query bytes without <c>?</c> (the default).</summary>
    Raw,

    /// <summary>Decoded <c>key\0value\0</c> pairs in order, repeated keys kept, a bare key valued <c>true</c>.</summary>
    TextPairs,
}
