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
        return new(RequestResult.Reply(ResponseInfo, System.Text.Encoding.UTF8.GetBytes(Body(request.Request.Span))));
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
