using System.Net;
using System.Text;
using CloudI.Services;

namespace CloudI.Http.Tests;

/// <summary>HTTP request → service name, request and request info (spec a.2).</summary>
public sealed class RequestMappingTests : FrontTestBase
{
    [Theory]
    [InlineData("GET", "/m/x/get")]
    [InlineData("POST", "/m/x/post")]
    [InlineData("PUT", "/m/x/put")]
    [InlineData("DELETE", "/m/x/delete")]
    [InlineData("HEAD", "/m/x/head")]
    [InlineData("OPTIONS", "/m/x/options")]
    [InlineData("TRACE", "/m/x/trace")]
    [InlineData("PATCH", "/m/x/patch")]
    [InlineData("PROPFIND", "/m/x/propfind")]
    public async Task Method_suffixes(string method, string expected)
    {
        await Recorder();
        await StartFront();
        using HttpResponseMessage response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/m/x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, Header(response, "x-name"));
    }

    [Fact]
    public async Task No_method_suffix_keeps_the_path()
    {
        await Recorder();
        await StartFront("{use_method_suffix, false}");
        using HttpResponseMessage response = await Client.PostAsync("/m/x", new StringContent("b"));
        Assert.Equal("/m/x", Header(response, "x-name"));
    }

    [Fact]
    public async Task Method_override_header_sets_the_suffix()
    {
        await Recorder();
        await StartFront("{use_x_method_override, true}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/m/x") { Content = new StringContent("b") };
        request.Headers.Add("X-HTTP-Method-Override", "delete");
        using HttpResponseMessage response = await Client.SendAsync(request);
        Assert.Equal("/m/x/delete", Header(response, "x-name"));
    }

    [Fact]
    public async Task Raw_path_is_not_percent_decoded()
    {
        await Recorder();
        await StartFront();
        (string response, _) = await Raw("GET /m/a%20b/c%2Fd?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Contains("x-name: /m/a%20b/c%2Fd/get\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_query_is_passed_as_is()
    {
        await Recorder();
        await StartFront();
        Assert.Equal("x=1&y=a%20b&y=2&flag", await Client.GetStringAsync("/m/q?x=1&y=a%20b&y=2&flag"));
        Assert.Equal("", await Client.GetStringAsync("/m/q"));
    }

    [Fact]
    public async Task Text_pairs_query_is_decoded_in_order()
    {
        await Recorder();
        await StartFront("{query_get_format, text_pairs}");
        Assert.Equal("x\01\0y\0a b\0y\02\0flag\0true\0", await Client.GetStringAsync("/m/q?x=1&y=a%20b&y=2&flag"));
        Assert.Equal("a b\0c+d\0", await Client.GetStringAsync("/m/q?a+b=c%2Bd"));
        Assert.Equal("", await Client.GetStringAsync("/m/q"));
    }

    [Fact]
    public async Task Malformed_percent_escape_in_text_pairs_is_400()
    {
        await Recorder();
        await StartFront("{query_get_format, text_pairs}");
        // Raw: HttpClient would escape the stray percent sign itself.
        (string response, _) = await Raw("GET /m/q?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_body_is_ignored_and_post_query_is_not_passed()
    {
        await Recorder();
        await StartFront();
        var get = new HttpRequestMessage(HttpMethod.Get, "/m/q?a=1") { Content = new StringContent("body") };
        using HttpResponseMessage getResponse = await Client.SendAsync(get);
        Assert.Equal("a=1", await getResponse.Content.ReadAsStringAsync());
        using HttpResponseMessage post = await Client.PostAsync("/m/q?a=1", new StringContent("body"));
        Assert.Equal("body", await post.Content.ReadAsStringAsync());
        using HttpResponseMessage options = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/m/q?a=1"));
        Assert.Equal("", await options.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_info_exact_bytes()
    {
        await Backend("/vec/", new Behaviour
        {
            Subscribe = ["echo/get"],
            Handle = r => new(RequestResult.Reply(Info(("content-type", "application/octet-stream")), r.RequestInfo)),
        });
        await StartFront();
        (string response, int local) = await Raw(
            $"GET /vec/echo HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n" +
            "X-Repeat: a\r\nX-Repeat: b\r\nConnection: close\r\n\r\n");
        string expected =
            $"accept\0*/*\0connection\0close\0host\0127.0.0.1:{Port}\0peer\0127.0.0.1\0peer-port\0{local}\0" +
            $"source-address\0127.0.0.1\0source-port\0{local}\0url-path\0/vec/echo\0user-agent\0curl/7.88.1\0" +
            "x-repeat\0a, b\0";
        Assert.EndsWith("\r\n\r\n" + expected, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spoofed_added_entries_are_replaced_and_forwarded_for_added()
    {
        await Recorder("/vec/");
        await Backend("/info/", new Behaviour
        {
            Subscribe = ["*"],
            Handle = r => new(RequestResult.Reply(Info(("content-type", "text/plain")), r.RequestInfo)),
        });
        await StartFront("{set_x_forwarded_for, true}");
        var request = new HttpRequestMessage(HttpMethod.Get, "/info/x");
        request.Headers.Add("source-address", "6.6.6.6");
        using HttpResponseMessage response = await Client.SendAsync(request);
        string info = await response.Content.ReadAsStringAsync();
        Assert.Contains("source-address\0127.0.0.1\0", info, StringComparison.Ordinal);
        Assert.DoesNotContain("6.6.6.6", info, StringComparison.Ordinal);
        Assert.Contains("x-forwarded-for\0127.0.0.1\0", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_and_client_ip_prefixes()
    {
        await Recorder("127.0.0.1/example.com/m/");
        await Recorder("example.com/m/");
        await StartFront("{use_host_prefix, true}");
        var request = new HttpRequestMessage(HttpMethod.Get, "/m/x");
        request.Headers.Host = "example.com:8080";
        using HttpResponseMessage response = await Client.SendAsync(request);
        Assert.Equal("example.com/m/x/get", Header(response, "x-name"));

        int first = Port;
        await StartFront("{use_host_prefix, true}, {use_client_ip_prefix, true}");
        Assert.NotEqual(first, Port);
        var both = new HttpRequestMessage(HttpMethod.Get, "/m/x");
        both.Headers.Host = "example.com";
        using HttpResponseMessage bothResponse = await Client.SendAsync(both);
        Assert.Equal("127.0.0.1/example.com/m/x/get", Header(bothResponse, "x-name"));
    }

    [Fact]
    public async Task Zip_bodies_are_inflated()
    {
        await Recorder();
        await StartFront();
        byte[] text = Encoding.UTF8.GetBytes(new string('z', 5000));
        var compressed = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(compressed,
                   System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(text);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        using HttpResponseMessage response = await Client.PostAsync("/m/z", content);
        Assert.Equal(text, await response.Content.ReadAsByteArrayAsync());
    }
}
