using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Text;
using CloudI.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CloudI.Http;

internal sealed partial class HttpFrontHandler
{
    private const int CompressThreshold = 300;

    /// <summary>Bodies up to this size are buffered whole; larger ones are written with flow control.</summary>
    private const int BufferedBodyMax = 64 * 1024;

    /// <summary>Maps a <c>send_sync</c> outcome to the HTTP response (spec a.3).</summary>
    private async Task WriteResponseAsync(HttpContext context, string path, SendSyncResult result)
    {
        HttpResponse response = context.Response;
        if (!result.IsOk)
        {
            // Timeout, no destination, ACL denial and a delivered null response all look alike.
            response.StatusCode = _args.StatusCodeTimeout;
            if (_args.StatusCodeTimeout == StatusCodes.Status405MethodNotAllowed)
            {
                response.Headers.Allow = string.Empty;
            }

            response.ContentLength = 0;
            return;
        }

        if (!ApplyResponseInfo(context, result.ResponseInfo.Span, path, out string? problem))
        {
            LogBadResponse(path, problem!);
            response.Headers.Clear();
            response.StatusCode = StatusCodes.Status500InternalServerError;
            response.ContentLength = 0;
            return;
        }

        if (!CanHaveBody(response.StatusCode))
        {
            return;
        }

        ReadOnlyMemory<byte> body = result.Response;
        if (_args.Compress && body.Length > CompressThreshold && AcceptsGzip(context.Request)
            && StringValues.IsNullOrEmpty(response.Headers.ContentEncoding))
        {
            body = Gzip(body.Span);
            response.Headers.ContentEncoding = "gzip";
            response.Headers.Append(HeaderNames.Vary, "accept-encoding");
        }

        response.ContentLength = body.Length;
        if (body.Length > BufferedBodyMax)
        {
            await response.BodyWriter.WriteAsync(body).ConfigureAwait(false);
        }
        else if (body.Length > 0)
        {
            // Buffered without a flush of its own: Kestrel sends headers and body together when
            // the request ends, and the write costs no awaited flush.
            response.BodyWriter.Write(body.Span);
        }
    }

    /// <summary>Status and headers from ResponseInfo, then the defaults for a header-less response.</summary>
    private bool ApplyResponseInfo(HttpContext context, ReadOnlySpan<byte> info, string path, out string? problem)
    {
        problem = null;
        HttpResponse response = context.Response;
        IHeaderDictionary headers = response.Headers;
        int status = StatusCodes.Status200OK;
        string? reason = null;
        bool anyHeader = false;
        var reader = new ResponseInfoReader(info);
        try
        {
            while (reader.Next(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
            {
                if (key.SequenceEqual("status"u8))
                {
                    if (!TryParseStatus(value, out status, out reason))
                    {
                        problem = $"invalid status \"{Encoding.Latin1.GetString(value)}\"";
                        return false;
                    }

                    continue;
                }

                string name = HeaderName(key);
                if (name.Length == 0)
                {
                    problem = "an empty header name";
                    return false;
                }

                // Kestrel computes the framing itself; a service's value could contradict the body.
                if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
                {
                    anyHeader = true;
                    continue;
                }

                string text = _latin1.Get(value);
                if (name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
                {
                    headers.Append(name, text);
                }
                else
                {
                    // A repeated key: the last value wins (one header per name).
                    headers[name] = text;
                }

                anyHeader = true;
            }
        }
        catch (InvalidOperationException e)
        {
            // Kestrel refuses header names/values with invalid characters.
            problem = e.Message;
            return false;
        }

        if (reader.Invalid)
        {
            problem = "ResponseInfo is neither text nor binary key/value pairs";
            return false;
        }

        response.StatusCode = status;
        if (reason is not null)
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = reason;
        }

        if (!anyHeader)
        {
            if (_args.ContentType is { } forced)
            {
                headers.ContentType = forced;
            }
            else
            {
                (string type, bool attachment) = ContentTypes.Guess(path, out ReadOnlySpan<char> fileName);
                headers.ContentType = type;
                if (attachment && status is >= 200 and < 300 && status != StatusCodes.Status204NoContent)
                {
                    headers.ContentDisposition = string.Concat("attachment; filename=\"", fileName, "\"");
                }
            }
        }

        AddSecurityHeaders(headers);
        return true;
    }

    /// <summary>The 2.0.x security headers, each only when the response does not set it.</summary>
    private void AddSecurityHeaders(IHeaderDictionary headers)
    {
        string? type = headers.ContentType;
        if (string.IsNullOrEmpty(type))
        {
            return;
        }

        if (_args.SetXContentTypeOptions && !headers.ContainsKey(HeaderNames.XContentTypeOptions))
        {
            headers.XContentTypeOptions = "nosniff";
        }

        if (!type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (_args.ContentSecurityPolicy is { } csp && !headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = csp;
        }

        if (_args.ContentSecurityPolicyReportOnly is { } report
            && !headers.ContainsKey(HeaderNames.ContentSecurityPolicyReportOnly))
        {
            headers.ContentSecurityPolicyReportOnly = report;
        }

        if (_args.SetXXssProtection && !headers.ContainsKey(HeaderNames.XXSSProtection))
        {
            headers.XXSSProtection = "0";
        }
    }

    /// <summary>The integer before the first space (<c>"404"</c>, <c>"404 Not Found"</c>) and the reason after it.</summary>
    internal static bool TryParseStatus(ReadOnlySpan<byte> value, out int status, out string? reason)
    {
        reason = null;
        int space = value.IndexOf((byte)' ');
        ReadOnlySpan<byte> digits = space < 0 ? value : value[..space];
        if (!Utf8Parser.TryParse(digits, out status, out int consumed) || consumed != digits.Length
            || status is < 100 or > 999)
        {
            return false;
        }

        if (space >= 0 && space + 1 < value.Length)
        {
            reason = Encoding.Latin1.GetString(value[(space + 1)..]);
        }

        return true;
    }

    private static bool CanHaveBody(int status) =>
        status >= 200 && status != StatusCodes.Status204NoContent && status != StatusCodes.Status205ResetContent
        && status != StatusCodes.Status304NotModified;

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (string? value in request.Headers.AcceptEncoding)
        {
            if (value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 2 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A header name as a string, interned for the common ones.</summary>
    private string HeaderName(ReadOnlySpan<byte> key) => key switch
    {
        _ when key.SequenceEqual("content-type"u8) => "content-type",
        _ when key.SequenceEqual("content-disposition"u8) => "content-disposition",
        _ when key.SequenceEqual("cache-control"u8) => "cache-control",
        _ when key.SequenceEqual("location"u8) => "location",
        _ when key.SequenceEqual("set-cookie"u8) => "set-cookie",
        _ => _latin1.Get(key),
    };
}
