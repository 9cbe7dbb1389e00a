using System.Globalization;
using System.Numerics;
using CloudI.Services;
using Erlang.Terms;

namespace CloudI.Examples;

/// <summary>
/// The C# rendition of CloudI's <c>http_req</c> test service: answers
/// <c>{prefix}{name}.xml/get</c> (stock: <c>/tests/http_req/csharp.xml/get</c>), whose request is
/// the HTTP front's GET query as <c>key\0value\0</c> pairs, with
/// <c>&lt;http_test&gt;&lt;value&gt;N&lt;/value&gt;&lt;/http_test&gt;</c> and a
/// <c>content-type</c> response header carried in the response info.
/// </summary>
/// <remarks>
/// Arguments: <c>{name, "csharp"}</c> (the default). A missing <c>value</c> gets the originals'
/// error document. A <c>value</c> that is not an integer crashes CloudI's Erlang original
/// (<c>binary_to_integer</c>; the HTTP client waits for its timeout): here it is answered with
/// an error document instead, so bad input never restarts the service.
/// </remarks>
public sealed class HttpReqService : CloudIService
{
    /// <summary>The response header the originals set (<c>cloudi_request_info:key_value_new</c>).</summary>
    public static readonly byte[] ResponseInfo = KeyValueInfo.Encode(("content-type", "text/xml; charset=utf-8"));

    /// <summary>The body for a query without <c>value</c>, exactly as CloudI's test services answer.</summary>
    public const string NoValueBody = "<http_test><error>no value specified</error></http_test>";

    /// <summary>The body for a <c>value</c> that is not an integer (the originals crash instead).</summary>
    public const string NotIntegerBody = "<http_test><error>value is not an integer</error></http_test>";

    /// <inheritdoc />
    public override ValueTask InitializeAsync(IReadOnlyList<ErlangTerm> args, string prefix, uint timeout,
        ServiceDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        string pattern = ServiceArgs.Parse(args, "name").String("name", "csharp") + ".xml/get";

        // As the originals do: one subscription, checked with subscribe_count before and after.
        if (dispatcher.SubscribeCount(pattern) != 0)
        {
            throw new InvalidOperationException($"{pattern} subscribed before init");
        }

        dispatcher.Subscribe(pattern);
        if (dispatcher.SubscribeCount(pattern) != 1)
        {
            throw new InvalidOperationException($"subscribe_count({pattern}) is not 1 after subscribing");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask<RequestResult> HandleRequestAsync(ServiceRequest request, ServiceDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(RequestResult.Reply(ResponseInfo, BodyBytes(request.Request.Span)));
    }

    /// <summary>
    /// The UTF-8 document for a query, as <see cref="Body"/> gives it. The usual query (a plain
    /// integer <c>value</c> in well-formed pairs) is answered from the bytes with one array;
    /// anything else goes through <see cref="Body"/>.
    /// </summary>
    public static byte[] BodyBytes(ReadOnlySpan<byte> query)
    {
        ReadOnlySpan<byte> raw = FirstValue(query, out bool wellFormed);
        if (!wellFormed || raw.IsEmpty)
        {
            return System.Text.Encoding.UTF8.GetBytes(Body(query));
        }

        // Erlang's binary_to_integer on ASCII: an optional sign, decimal digits; printed without
        // leading zeros, and "-0" as "0".
        bool negative = raw[0] == (byte)'-';
        ReadOnlySpan<byte> digits = raw[0] is (byte)'-' or (byte)'+' ? raw[1..] : raw;
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return System.Text.Encoding.UTF8.GetBytes(Body(query));
        }

        int zeros = digits.IndexOfAnyExcept((byte)'0');
        digits = zeros < 0 ? "0"u8 : digits[zeros..];
        negative &= zeros >= 0;
        ReadOnlySpan<byte> head = "<http_test><value>"u8;
        ReadOnlySpan<byte> tail = "</value></http_test>"u8;
        byte[] body = new byte[head.Length + (negative ? 1 : 0) + digits.Length + tail.Length];
        head.CopyTo(body);
        int at = head.Length;
        if (negative)
        {
            body[at++] = (byte)'-';
        }

        digits.CopyTo(body.AsSpan(at));
        tail.CopyTo(body.AsSpan(at + digits.Length));
        return body;
    }

    /// <summary>
    /// The first <c>value</c> of <c>key\0value\0</c> pairs without decoding them (empty when
    /// absent); <paramref name="wellFormed"/> is false when the data are not NUL-terminated pairs,
    /// which <see cref="KeyValueInfo.Parse"/> refuses. Bytes compare as the decoded text would:
    /// UTF-8 decoding keeps every NUL and ASCII byte as it is.
    /// </summary>
    private static ReadOnlySpan<byte> FirstValue(ReadOnlySpan<byte> query, out bool wellFormed)
    {
        wellFormed = !query.IsEmpty && query[^1] == 0 && query.Count((byte)0) % 2 == 0;
        if (!wellFormed)
        {
            return default;
        }

        ReadOnlySpan<byte> rest = query;
        while (!rest.IsEmpty)
        {
            int keyEnd = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> key = rest[..keyEnd];
            rest = rest[(keyEnd + 1)..];
            int valueEnd = rest.IndexOf((byte)0);
            if (key.SequenceEqual("value"u8))
            {
                return rest[..valueEnd];
            }

            rest = rest[(valueEnd + 1)..];
        }

        return default;
    }

    /// <summary>The XML document for a query (also used by tests to state expectations).</summary>
    public static string Body(ReadOnlySpan<byte> query)
    {
        IReadOnlyList<KeyValuePair<string, string>> pairs;
        try
        {
            pairs = KeyValueInfo.Parse(query);
        }
        catch (FormatException)
        {
            return NoValueBody;
        }

        string? raw = KeyValueInfo.First(pairs, "value");
        if (raw is null)
        {
            return NoValueBody;
        }

        // Erlang's binary_to_integer: an optional sign and decimal digits, no blanks; printed with ~w.
        if (raw.Length == 0 || raw.AsSpan().ContainsAny(" \t\r\n")
            || !BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger value))
        {
            return NotIntegerBody;
        }

        return $"<http_test><value>{value.ToString(CultureInfo.InvariantCulture)}</value></http_test>";
    }
}
