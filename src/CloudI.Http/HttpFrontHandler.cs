using System.Text;
using CloudI.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CloudI.Http;

/// <summary>
/// The per-request work of the HTTP front: HTTP request → one <c>send_sync</c> from the
/// front's own dispatcher → HTTP response (spec a.2, a.3). Safe for concurrent requests.
/// </summary>
internal sealed partial class HttpFrontHandler
{
    private readonly HttpFrontArgs _args;
    private readonly ServiceDispatcher _dispatcher;
    private readonly ILogger _log;
    private readonly string[]? _acceptNeedles;
    private readonly Latin1StringCache _latin1 = new();

    public HttpFrontHandler(HttpFrontArgs args, ServiceDispatcher dispatcher, ILogger log)
    {
        _args = args;
        _dispatcher = dispatcher;
        _log = log;
        if (args.ContentTypesAccepted is { } accepted)
        {
            _acceptNeedles = [.. accepted.SelectMany(AcceptForms).Append("*/*").Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>The terminal request delegate.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        ConnectionState connection = context.Features.Get<ConnectionState>()
            ?? new ConnectionState(context.Connection.RemoteIpAddress is { } ip
                ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort)
                : null);
        if (connection.NextRequest() >= _args.MaxKeepAlive && !HttpProtocol.IsHttp2(request.Protocol))
        {
            response.Headers.Connection = "close";
        }

        if (_acceptNeedles is not null && !Acceptable(request.Headers.Accept.ToString()))
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            response.ContentLength = 0;
            return;
        }

        string method = request.Method;
        if (_args.UseXMethodOverride && request.Headers["x-http-method-override"] is { Count: > 0 } overridden
            && overridden[0] is { Length: > 0 } methodOverride)
        {
            method = methodOverride.ToUpperInvariant();
        }

        string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        ParsedTarget parsed = Parse(target, method, request, connection);
        byte[]? info = RequestInfo(request.Headers, connection, parsed.Path);
        if (info is null)
        {
            response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
            response.ContentLength = 0;
            return;
        }

        ReadOnlyMemory<byte> body;
        if (method == "GET")
        {
            if (parsed.BadQuery)
            {
                response.StatusCode = StatusCodes.Status400BadRequest;
                response.ContentLength = 0;
                return;
            }

            body = parsed.Query;
        }
        else if (MethodSuffixes.HasNoRequest(method))
        {
            body = ReadOnlyMemory<byte>.Empty;
        }
        else
        {
            (byte[]? read, int status) = await RequestBody.ReadAsync(request, _args).ConfigureAwait(false);
            if (read is null)
            {
                // The rest of the body is not read, so the connection cannot carry another
                // request: said in the response, or a client could reuse it as Kestrel closes it.
                response.StatusCode = status;
                response.ContentLength = 0;
                response.Headers.Connection = "close";
                return;
            }

            body = read;
        }

        string name = parsed.Name;
        string path = parsed.Path;
        SendSyncResult result;
        try
        {
            result = await _dispatcher.SendSync(name, info, body, _dispatcher.TimeoutSync, _dispatcher.PriorityDefault)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // An unusable name (e.g. a pattern character) or a dead front process: as no destination.
            LogSendFailed(name, e.Message);
            result = new SendSyncResult("timeout", default, default, default);
        }

        await WriteResponseAsync(context, path, result).ConfigureAwait(false);
    }

    /// <summary>The raw path (no query, not percent-decoded) and the raw query of a request target.</summary>
    internal static void SplitTarget(string target, out string path, out ReadOnlySpan<char> query)
    {
        int start = 0;
        if (target.Length > 0 && target[0] != '/' && target != "*")
        {
            // The absolute form (a proxy request): drop the scheme and authority.
            int scheme = target.IndexOf("://", StringComparison.Ordinal);
            int slash = scheme < 0 ? -1 : target.IndexOf('/', scheme + 3);
            start = slash < 0 ? target.Length : slash;
        }

        int mark = target.IndexOf('?', start);
        int end = mark < 0 ? target.Length : mark;
        path = start == 0 && end == target.Length ? target : end > start ? target[start..end] : "/";
        query = mark < 0 ? default : target.AsSpan(mark + 1);
    }

    /// <summary>The target's path, name and query: the connection's last ones when the target and method repeat.</summary>
    private ParsedTarget Parse(string target, string method, HttpRequest request, ConnectionState connection)
    {
        // With use_host_prefix the name also depends on the Host header: derived every time.
        ParsedTarget? last = connection.LastTarget;
        if (last is not null && !_args.UseHostPrefix && last.Matches(target, method))
        {
            return last;
        }

        SplitTarget(target, out string path, out ReadOnlySpan<char> query);
        byte[]? encoded = null;
        if (method == "GET")
        {
            encoded = _args.QueryGetFormat == QueryGetFormat.Raw ? Latin1(query) : QueryPairs.Encode(query);
        }

        var parsed = new ParsedTarget(target, method, path, ServiceName(request, connection, path, method), encoded,
            badQuery: method == "GET" && encoded is null);
        connection.LastTarget = parsed;
        return parsed;
    }

    /// <summary>The RequestInfo (null: a header over the limits), the connection's last one when the headers repeat.</summary>
    private byte[]? RequestInfo(IHeaderDictionary headers, ConnectionState connection, string path)
    {
        RequestInfoCache? last = connection.LastRequestInfo;
        if (last is not null && last.Matches(headers, path))
        {
            return last.Info;
        }

        byte[]? info = RequestInfoWriter.Build(headers, connection, path, _args, out _);
        if (info is not null)
        {
            connection.LastRequestInfo = RequestInfoCache.Create(headers, path, info);
        }

        return info;
    }

    private static byte[] Latin1(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(text.Length);
        Encoding.Latin1.GetBytes(text, bytes);
        return bytes;
    }

    private string ServiceName(HttpRequest request, ConnectionState connection, string path, string method)
    {
        string? suffix = _args.UseMethodSuffix ? MethodSuffixes.Of(method, _args.PatchSuffix) : null;
        if (!_args.UseHostPrefix && !_args.UseClientIpPrefix)
        {
            return suffix is null ? path : string.Concat(path, suffix);
        }

        var name = new StringBuilder();
        if (_args.UseClientIpPrefix)
        {
            name.Append(connection.Address);
            if (_args.UseHostPrefix)
            {
                name.Append('/');
            }
        }

        if (_args.UseHostPrefix)
        {
            name.Append(request.Host.Host);
        }

        return name.Append(path).Append(suffix).ToString();
    }

    private bool Acceptable(string accept)
    {
        if (accept.Length == 0)
        {
            return true;
        }

        foreach (string needle in _acceptNeedles!)
        {
            if (accept.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> AcceptForms(string type)
    {
        yield return type;
        int slash = type.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            yield return string.Concat(type.AsSpan(0, slash), "/*");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP front: send_sync to {Name} failed: {Reason}")]
    private partial void LogSendFailed(string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP front: the response to {Name} is unusable: {Reason}")]
    private partial void LogBadResponse(string name, string reason);
}
