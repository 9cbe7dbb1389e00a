using System.Net;
using Erlang.Terms;

namespace CloudI.Http;

/// <summary>
/// The validated <c>args</c> of <c>cloudi_service_http_cowboy</c> (spec a.1), defaults as in
/// CloudI 1.5.3 where the versions differ. Arguments that only matter to Erlang (websockets,
/// multipart tuning, <c>update_delay</c>) are checked and kept in <see cref="Ignored"/>.
/// </summary>
internal sealed class HttpFrontArgs
{
    private static readonly HashSet<string> s_known = new(
    [
        "ip", "port", "reuse_port", "backlog", "nodelay", "recv_timeout", "body_timeout", "body_length_read",
        "body_length_chunk", "multipart_header_timeout", "multipart_header_length_read",
        "multipart_header_length_chunk", "multipart_body_timeout", "multipart_body_length_read",
        "multipart_body_length_chunk", "multipart_destination_lock", "websocket_timeout", "websocket_output",
        "websocket_connect", "websocket_disconnect", "websocket_connect_async", "websocket_connect_sync",
        "websocket_disconnect_async", "websocket_disconnect_sync", "websocket_ping", "websocket_protocol",
        "websocket_name_unique", "websocket_subscriptions", "ssl", "compress", "max_connections",
        "max_empty_lines", "max_header_name_length", "max_header_value_length", "max_headers", "max_keepalive",
        "max_request_line_length", "output", "content_type", "content_types_accepted", "content_security_policy",
        "content_security_policy_report_only", "set_x_forwarded_for", "set_x_xss_protection",
        "set_x_content_type_options", "status_code_timeout", "query_get_format", "use_websockets",
        "use_host_prefix", "use_client_ip_prefix", "use_x_method_override", "use_method_suffix", "update_delay",
        "use_only_http2", "patch_method_suffix",
    ], StringComparer.Ordinal);

    private static readonly string[] s_erlangOnly =
    [
        "body_length_chunk", "multipart_header_timeout", "multipart_header_length_read",
        "multipart_header_length_chunk", "multipart_body_timeout", "multipart_body_length_read",
        "multipart_body_length_chunk", "multipart_destination_lock", "websocket_timeout", "websocket_output",
        "websocket_connect", "websocket_disconnect", "websocket_connect_async", "websocket_connect_sync",
        "websocket_disconnect_async", "websocket_disconnect_sync", "websocket_ping", "websocket_protocol",
        "websocket_name_unique", "websocket_subscriptions", "update_delay", "max_empty_lines",
    ];

    public IPAddress Ip { get; private init; } = IPAddress.Loopback;

    public int Port { get; private init; } = 8080;

    public bool ReusePort { get; private init; }

    public int Backlog { get; private init; } = 128;

    public bool NoDelay { get; private init; } = true;

    /// <summary>Idle connection (keep-alive and request header) timeout, ms.</summary>
    public int RecvTimeout { get; private init; } = 5000;

    /// <summary>Time allowed to read a request body, ms.</summary>
    public int BodyTimeout { get; private init; } = 15000;

    /// <summary>The largest request body accepted (larger ones get 413).</summary>
    public int BodyLengthRead { get; private init; } = 1_000_000;

    public SslArgs? Ssl { get; private init; }

    public bool Compress { get; private init; }

    public int MaxConnections { get; private init; } = 4096;

    public int MaxHeaderNameLength { get; private init; } = 64;

    public int MaxHeaderValueLength { get; private init; } = 4096;

    public int MaxHeaders { get; private init; } = 100;

    public int MaxKeepAlive { get; private init; } = 100;

    public int MaxRequestLineLength { get; private init; } = 4096;

    public string? ContentType { get; private init; }

    public IReadOnlyList<string>? ContentTypesAccepted { get; private init; }

    public string? ContentSecurityPolicy { get; private init; }

    public string? ContentSecurityPolicyReportOnly { get; private init; }

    public bool SetXForwardedFor { get; private init; }

    public bool SetXXssProtection { get; private init; }

    public bool SetXContentTypeOptions { get; private init; }

    public int StatusCodeTimeout { get; private init; } = 504;

    public QueryGetFormat QueryGetFormat { get; private init; } = QueryGetFormat.Raw;

    public bool UseWebSockets { get; private init; }

    public bool UseHostPrefix { get; private init; }

    public bool UseClientIpPrefix { get; private init; }

    public bool UseXMethodOverride { get; private init; }

    public bool UseMethodSuffix { get; private init; } = true;

    public bool UseOnlyHttp2 { get; private init; }

    public PatchSuffix PatchSuffix { get; private init; } = PatchSuffix.Patch;

    /// <summary>Given arguments this runtime accepts but that have no effect here.</summary>
    public IReadOnlyList<string> Ignored { get; private init; } = [];

    /// <summary>Validates <paramref name="args"/>; <paramref name="processCount"/> decides the <c>reuse_port</c> default.</summary>
    /// <exception cref="ArgumentException">An unknown key, a repeated key or an invalid value.</exception>
    public static HttpFrontArgs Parse(IReadOnlyList<ErlangTerm> args, int processCount = 1)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgsReader a = ArgsReader.Parse(args, s_known, "cloudi_service_http_cowboy");
        foreach (string key in (string[])["multipart_header_timeout", "multipart_header_length_read",
                     "multipart_body_timeout", "multipart_body_length_read", "body_length_chunk",
                     "multipart_header_length_chunk", "multipart_body_length_chunk"])
        {
            a.Int(key, 1, 1);
        }

        a.Bool("multipart_destination_lock", true);
        a.Bool("websocket_name_unique", false);
        a.Atom("websocket_output", "binary", "binary", "text");
        a.Int("update_delay", 5, 1, 4294967);
        a.Int("max_empty_lines", 5, 0);
        if (a.Raw("websocket_timeout") is { } wsTimeout && wsTimeout is not ErlangAtom { Name: "infinity" })
        {
            a.Int("websocket_timeout", 1, 1);
        }

        string output = a.Atom("output", "external", "external", "internal", "list", "binary");
        if (output is "internal" or "list")
        {
            throw new ArgumentException(
                $"output {output} produces Erlang data for Erlang services; this runtime needs external (or binary)");
        }

        bool useMethodSuffix = a.Bool("use_method_suffix", true);
        bool useXMethodOverride = a.Bool("use_x_method_override", false);
        if (useXMethodOverride && !useMethodSuffix)
        {
            throw new ArgumentException("use_x_method_override requires use_method_suffix");
        }

        ErlangTerm? useWebSockets = a.Raw("use_websockets");
        if (useWebSockets is not null and not ErlangAtom { Name: "true" or "false" or "exclusively" })
        {
            throw ArgsReader.Invalid("use_websockets", useWebSockets, "true | false | exclusively");
        }

        ErlangTerm? reusePort = a.Raw("reuse_port");
        bool reuse = reusePort is null or ErlangAtom { Name: "undefined" }
            ? processCount > 1
            : a.Bool("reuse_port", false);

        return new HttpFrontArgs
        {
            Ip = ParseIp(a.Raw("ip")),
            Port = (int)a.Int("port", 8080, 0, 65535),
            ReusePort = reuse,
            Backlog = (int)a.Int("backlog", 128, 1, int.MaxValue),
            NoDelay = a.Bool("nodelay", true),
            RecvTimeout = (int)a.Int("recv_timeout", 5000, 1, int.MaxValue),
            BodyTimeout = (int)a.Int("body_timeout", 15000, 1, int.MaxValue),
            BodyLengthRead = (int)a.Int("body_length_read", 1_000_000, 1, Array.MaxLength),
            Ssl = SslArgs.Parse(a.Raw("ssl")),
            Compress = a.Bool("compress", false),
            MaxConnections = (int)a.Int("max_connections", 4096, 1, int.MaxValue),
            MaxHeaderNameLength = (int)a.Int("max_header_name_length", 64, 1, int.MaxValue),
            MaxHeaderValueLength = (int)a.Int("max_header_value_length", 4096, 1, int.MaxValue),
            MaxHeaders = (int)a.Int("max_headers", 100, 1, int.MaxValue),
            MaxKeepAlive = (int)a.Int("max_keepalive", 100, 1, int.MaxValue),
            MaxRequestLineLength = (int)a.Int("max_request_line_length", 4096, 16, int.MaxValue),
            ContentType = a.OptionalText("content_type"),
            ContentTypesAccepted = ParseTypes(a.Raw("content_types_accepted")),
            ContentSecurityPolicy = a.OptionalText("content_security_policy"),
            ContentSecurityPolicyReportOnly = a.OptionalText("content_security_policy_report_only"),
            SetXForwardedFor = a.Bool("set_x_forwarded_for", false),
            SetXXssProtection = a.Bool("set_x_xss_protection", false),
            SetXContentTypeOptions = a.Bool("set_x_content_type_options", false),
            StatusCodeTimeout = (int)a.Int("status_code_timeout", 504, 101, 599),
            QueryGetFormat = a.Atom("query_get_format", "raw", "raw", "text_pairs") == "raw"
                ? QueryGetFormat.Raw
                : QueryGetFormat.TextPairs,
            UseWebSockets = useWebSockets is ErlangAtom { Name: "true" or "exclusively" },
            UseHostPrefix = a.Bool("use_host_prefix", false),
            UseClientIpPrefix = a.Bool("use_client_ip_prefix", false),
            UseXMethodOverride = useXMethodOverride,
            UseMethodSuffix = useMethodSuffix,
            UseOnlyHttp2 = a.Bool("use_only_http2", false),
            PatchSuffix = a.Atom("patch_method_suffix", "patch", "patch", "connect") == "patch"
                ? PatchSuffix.Patch
                : PatchSuffix.Connect,
            Ignored = [.. s_erlangOnly.Where(k => a.Raw(k) is not null)],
        };
    }

    private static IPAddress ParseIp(ErlangTerm? value)
    {
        if (value is null)
        {
            return IPAddress.Loopback;
        }

        if (value is ErlangTuple { Arity: 4 or 8 } tuple)
        {
            int max = tuple.Arity == 4 ? 255 : 65535;
            var parts = new int[tuple.Arity];
            for (int k = 0; k < parts.Length; k++)
            {
                if (tuple[k] is not ErlangInteger i || !i.TryGetInt32(out int n) || n < 0 || n > max)
                {
                    throw ArgsReader.Invalid("ip", value, "an IPv4 or IPv6 address tuple");
                }

                parts[k] = n;
            }

            if (tuple.Arity == 4)
            {
                return new IPAddress([(byte)parts[0], (byte)parts[1], (byte)parts[2], (byte)parts[3]]);
            }

            var bytes = new byte[16];
            for (int k = 0; k < 8; k++)
            {
                bytes[2 * k] = (byte)(parts[k] >> 8);
                bytes[(2 * k) + 1] = (byte)parts[k];
            }

            return new IPAddress(bytes);
        }

        throw ArgsReader.Invalid("ip", value, "an IPv4 or IPv6 address tuple");
    }

    private static IReadOnlyList<string>? ParseTypes(ErlangTerm? value)
    {
        if (value is null || value is ErlangAtom { Name: "undefined" })
        {
            return null;
        }

        if (value is ErlangList { IsProper: true } list && !list.IsStringLiteral)
        {
            var types = new List<string>(list.Count);
            foreach (ErlangTerm element in list.Elements)
            {
                types.Add(ArgsReader.Text(element) is { Length: > 0 } text
                    ? text
                    : throw ArgsReader.Invalid("content_types_accepted", value, "a list of content type strings"));
            }

            return types;
        }

        throw ArgsReader.Invalid("content_types_accepted", value, "a list of content type strings or undefined");
    }
}
