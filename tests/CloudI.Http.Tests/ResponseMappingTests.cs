using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Text;
using CloudI.Services;

namespace CloudI.Http.Tests;

/// <summary>Service response → HTTP response (spec a.3).</summary>
public sealed class ResponseMappingTests : FrontTestBase
{
    private Task Answer(byte[] info, string body = "body") => Backend("/r/", new Behaviour
    {
        Subscribe = ["*"],
        Handle = _ => new(RequestResult.Reply(info, Encoding.UTF8.GetBytes(body))),
    });

    private static byte[] Binary(params (string Key, string Value)[] pairs)
    {
        var data = new MemoryStream();
        data.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        foreach ((string key, string value) in pairs)
        {
            foreach (string field in (string[])[key, value])
            {
                byte[] bytes = Encoding.UTF8.GetBytes(field);
                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
                data.Write(length);
                data.Write(bytes);
            }
        }

        return data.ToArray();
    }

    [Fact]
    public async Task Text_pairs_set_status_and_headers()
    {
        await Answer(Info(("status", "404 Not Found"), ("x-a", "1"), ("content-type", "text/plain")));
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/x.json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found", response.ReasonPhrase);
        Assert.Equal("1", Header(response, "x-a"));
        Assert.Equal("text/plain", Header(response, "content-type"));
        Assert.Equal("<none>", Header(response, "status"));
        Assert.Equal("body", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Custom_reason_phrase_is_kept()
    {
        await Answer(Info(("status", "299 Fine Thanks")));
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/x");
        Assert.Equal(299, (int)response.StatusCode);
        Assert.Equal("Fine Thanks", response.ReasonPhrase);
    }

    [Fact]
    public async Task Binary_pairs_set_status_and_headers()
    {
        await Answer(Binary(("status", "202"), ("x-b", "two"), ("content-type", "text/csv")));
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/x");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("two", Header(response, "x-b"));
        Assert.Equal("text/csv", Header(response, "content-type"));
    }

    [Fact]
    public async Task Single_nul_byte_is_an_empty_pair_set()
    {
        await Answer([0]);
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/x.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", Header(response, "content-type"));
        Assert.Equal("body", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Set_cookie_repeats_and_other_keys_do_not()
    {
        await Answer(Info(("set-cookie", "a=1"), ("set-cookie", "b=2"), ("x-c", "first"), ("x-c", "last")));
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/x");
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("set-cookie"));
        Assert.Equal(["last"], response.Headers.GetValues("x-c"));
    }

    [Fact]
    public async Task Invalid_response_info_is_500()
    {
        await Answer("no-nul-at-end"u8.ToArray());
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/x");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Theory]
    [InlineData("/r/a.txt", "text/plain", null)]
    [InlineData("/r/a.json", "application/json", null)]
    [InlineData("/r/a.xml", "text/xml", null)]
    [InlineData("/r/a.html", "text/html", null)]
    [InlineData("/r/a.csv", "text/csv", null)]
    [InlineData("/r/a.erl", "application/x-erlang", null)]
    [InlineData("/r/noext", "text/html", null)]
    [InlineData("/r/dir.d/noext", "text/html", null)]
    [InlineData("/r/a.js", "text/javascript", "a.js")]
    [InlineData("/r/a.css", "text/css", "a.css")]
    [InlineData("/r/a.png", "image/png", "a.png")]
    [InlineData("/r/a.pdf", "application/pdf", "a.pdf")]
    [InlineData("/r/a.zip", "application/zip", "a.zip")]
    [InlineData("/r/a.qqq", "application/octet-stream", "a.qqq")]
    public async Task Content_type_guessing(string path, string type, string? download)
    {
        await Answer([]);
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync(path);
        Assert.Equal(type, Header(response, "content-type"));
        Assert.Equal(download is null ? "<none>" : $"attachment; filename=\"{download}\"",
            Header(response, "content-disposition"));
    }

    [Fact]
    public async Task No_download_disposition_for_a_non_2xx_status()
    {
        await Answer(Info(("status", "404")));
        await StartFront();
        using HttpResponseMessage response = await Client.GetAsync("/r/a.pdf");
        Assert.Equal("application/pdf", Header(response, "content-type"));
        Assert.Equal("<none>", Header(response, "content-disposition"));
    }

    [Fact]
    public async Task Configured_content_type_wins_when_there_are_no_headers()
    {
        await Answer([]);
        await StartFront("{content_type, \"application/x-custom\"}");
        using HttpResponseMessage response = await Client.GetAsync("/r/a.pdf");
        Assert.Equal("application/x-custom", Header(response, "content-type"));
        Assert.Equal("<none>", Header(response, "content-disposition"));
    }

    [Fact]
    public async Task Content_types_accepted_gives_406()
    {
        await Answer([]);
        await StartFront("{content_types_accepted, [\"text/html\", <<\"application/json\">>]}");
        async Task<HttpStatusCode> With(string? accept)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/r/a");
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            using HttpResponseMessage response = await Client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotAcceptable, await With("image/png"));
        Assert.Equal(HttpStatusCode.OK, await With("text/html"));
        Assert.Equal(HttpStatusCode.OK, await With("text/*;q=0.5"));
        Assert.Equal(HttpStatusCode.OK, await With("image/png, application/json"));
        Assert.Equal(HttpStatusCode.OK, await With("*/*"));
        Assert.Equal(HttpStatusCode.OK, await With(null));
    }

    [Fact]
    public async Task Status_code_timeout_405_adds_an_empty_allow()
    {
        await StartFront("{status_code_timeout, 405}", timeoutSync: 400);
        (string response, _) = await Raw("GET /nobody HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405 ", response, StringComparison.Ordinal);
        Assert.Contains("\r\nAllow: \r\n", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_destination_is_504()
    {
        await StartFront(timeoutSync: 400);
        using HttpResponseMessage response = await Client.GetAsync("/nobody/here");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Null_response_below_the_threshold_waits_for_the_timeout()
    {
        await Backend("/r/", new Behaviour { Subscribe = ["*"], Handle = _ => new(RequestResult.Reply(default, default)) });
        await StartFront(timeoutSync: 1000);
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await Client.GetAsync("/r/null");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.InRange(clock.ElapsedMilliseconds, 900, 5000);
    }

    [Fact]
    public async Task Timeout_is_504_after_timeout_sync()
    {
        await Backend("/r/", new Behaviour { Subscribe = ["*"], Handle = _ => new(RequestResult.NoReply) });
        await StartFront(timeoutSync: 600);
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await Client.GetAsync("/r/slow");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.InRange(clock.ElapsedMilliseconds, 500, 5000);
    }

    [Fact]
    public async Task Security_headers_for_html()
    {
        await Answer([]);
        await StartFront("{content_security_policy, \"default-src 'self'\"}, " +
            "{content_security_policy_report_only, \"img-src 'none'\"}, {set_x_xss_protection, true}, " +
            "{set_x_content_type_options, true}");
        using HttpResponseMessage html = await Client.GetAsync("/r/page");
        Assert.Equal("default-src 'self'", Header(html, "content-security-policy"));
        Assert.Equal("img-src 'none'", Header(html, "content-security-policy-report-only"));
        Assert.Equal("0", Header(html, "x-xss-protection"));
        Assert.Equal("nosniff", Header(html, "x-content-type-options"));
        using HttpResponseMessage json = await Client.GetAsync("/r/data.json");
        Assert.Equal("<none>", Header(json, "content-security-policy"));
        Assert.Equal("nosniff", Header(json, "x-content-type-options"));
    }

    [Fact]
    public async Task Compress_gzips_large_bodies_for_gzip_clients()
    {
        string big = string.Concat(Enumerable.Repeat("compressible ", 100));
        await Answer(Info(("content-type", "text/plain")), big);
        await StartFront("{compress, true}");
        var request = new HttpRequestMessage(HttpMethod.Get, "/r/x");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using HttpResponseMessage response = await Client.SendAsync(request);
        Assert.Equal("gzip", Header(response, "content-encoding"));
        byte[] compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < big.Length);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed),
            System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal(big, await new StreamReader(gzip).ReadToEndAsync());
        using HttpResponseMessage plain = await Client.GetAsync("/r/x");
        Assert.Equal("<none>", Header(plain, "content-encoding"));
        Assert.Equal(big, await plain.Content.ReadAsStringAsync());
    }
}
