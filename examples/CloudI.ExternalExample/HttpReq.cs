using System.Globalization;
using System.Numerics;
using CloudI.Api;

namespace CloudI.ExternalExample;

/// <summary>
/// CloudI's <c>http_req</c> test answer: the request is the HTTP front's GET query as
/// <c>key\0value\0</c> pairs; <c>?value=42</c> gives <c>&lt;http_test&gt;&lt;value&gt;42&lt;/value&gt;&lt;/http_test&gt;</c>
/// with a <c>content-type</c> header in the response info (as examples/CloudI.Examples/HttpReqService.cs).
/// </summary>
public static class HttpReq
{
    /// <summary>The response header the originals set.</summary>
    public static readonly byte[] ResponseInfo =
        CloudIApi.DictionaryToResponseInfo([new("content-type", "text/xml; charset=utf-8")]);

    /// <summary>The body for a query without <c>value</c>, as CloudI's test services answer.</summary>
    public const string NoValueBody = "<http_test><error>no value specified</error></http_test>";

    /// <summary>The body for a <c>value</c> that is not an integer (the originals crash instead).</summary>
    public const string NotIntegerBody = "<http_test><error>value is not an integer</error></http_test>";

    /// <summary>The XML document for a query.</summary>
    public static string Body(ReadOnlySpan<byte> query)
    {
        Dictionary<string, string> pairs;
        try
        {
            pairs = CloudIApi.RequestInfoToDictionary(query);
        }
        catch (CloudIInvalidInputException)
        {
            return NoValueBody;
        }

        if (!pairs.TryGetValue("value", out string? raw))
        {
            return NoValueBody;
        }

        if (raw.Length == 0 || raw.AsSpan().ContainsAny(" \t\r\n")
            || !BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger value))
        {
            return NotIntegerBody;
        }

        return $"<http_test><value>{value.ToString(CultureInfo.InvariantCulture)}</value></http_test>";
    }
}
