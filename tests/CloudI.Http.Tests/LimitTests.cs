using System.Net;
using System.Text;
using CloudI.Services;

namespace CloudI.Http.Tests;

/// <summary>Bounded bodies, headers, connections and keep-alive.</summary>
public sealed class LimitTests : FrontTestBase
{
    [Fact]
    public async Task Body_over_body_length_read_is_413_not_truncated()
    {
        await Recorder();
        await StartFront("{body_length_read, 1000}");
        using HttpResponseMessage small = await Client.PostAsync("/m/b", new ByteArrayContent(new byte[1000]));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(1000, (await small.Content.ReadAsByteArrayAsync()).Length);

        using HttpResponseMessage large = await Client.PostAsync("/m/b", new ByteArrayContent(new byte[1001]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);

        // Chunked (no Content-Length): refused once the limit is crossed. On a connection of its
        // own: the server closes the one that carried the refused body, and a pooled client could
        // pick it up before it saw the close.
        var chunked = new StreamContent(new MemoryStream(new byte[5000]));
        chunked.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/m/b") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var fresh = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using HttpResponseMessage chunkedResponse = await fresh.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_passed()
    {
        await Recorder();
        await StartFront("{body_length_read, 100000}");
        byte[] data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 5000)));
        var chunked = new StreamContent(new MemoryStream(data));
        var request = new HttpRequestMessage(HttpMethod.Put, "/m/b") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage response = await Client.SendAsync(request);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Slow_body_gets_408_after_body_timeout()
    {
        await Recorder();
        await StartFront("{body_timeout, 300}");
        (string response, _) = await RawSlow("POST /m/b HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_header_value_or_name_is_431()
    {
        await Recorder();
        await StartFront();
        (string value, _) = await Raw($"GET /m/x HTTP/1.1\r\nHost: x\r\nX-Big: {new string('v', 4097)}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431 ", value, StringComparison.Ordinal);
        (string name, _) = await Raw($"GET /m/x HTTP/1.1\r\nHost: x\r\n{new string('n', 65)}: 1\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431 ", name, StringComparison.Ordinal);
        (string fine, _) = await Raw($"GET /m/x HTTP/1.1\r\nHost: x\r\n{new string('n', 64)}: {new string('v', 4096)}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 ", fine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_headers_is_431()
    {
        await Recorder();
        await StartFront("{max_headers, 10}");
        string headers = string.Concat(Enumerable.Range(0, 20).Select(k => $"X-H{k}: {k}\r\n"));
        (string response, _) = await Raw($"GET /m/x HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_and_overlong_request_lines_are_refused()
    {
        await Recorder();
        await StartFront();
        (string garbage, _) = await Raw("\u0001\u0002 nonsense\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", garbage, StringComparison.Ordinal);
        (string header, _) = await Raw("GET /m/x HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 ", header, StringComparison.Ordinal);
        (string line, _) = await Raw($"GET /m/{new string('a', 5000)} HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Matches("^HTTP/1.1 (414|400) ", line);
    }

    [Fact]
    public async Task Max_keepalive_closes_the_connection_after_n_requests()
    {
        await Recorder();
        await StartFront("{max_keepalive, 2}");
        (string response, _) = await Raw(
            "GET /m/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /m/2 HTTP/1.1\r\nHost: x\r\n\r\nGET /m/3 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Contains("x-name: /m/1/get", response, StringComparison.Ordinal);
        Assert.Contains("x-name: /m/2/get", response, StringComparison.Ordinal);
        Assert.DoesNotContain("/m/3/get", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Many_concurrent_connections()
    {
        await Backend("/c/", new Behaviour
        {
            Subscribe = ["*"],
            Handle = async r =>
            {
                await Task.Delay(20);
                return RequestResult.Reply(r.Request);
            },
        });
        await Backend("/c/", new Behaviour
        {
            Subscribe = ["*"],
            Handle = async r =>
            {
                await Task.Delay(20);
                return RequestResult.Reply(r.Request);
            },
        });
        await StartFront("{max_connections, 1000}");
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 300)
            .Select(k => Client.GetAsync($"/c/x?{k}")));
        for (int k = 0; k < responses.Length; k++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[k].StatusCode);
            Assert.Equal(k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await responses[k].Content.ReadAsStringAsync());
            responses[k].Dispose();
        }
    }

    private async Task<(string Response, int LocalPort)> RawSlow(string request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int n = await stream.ReadAsync(buffer, cancel.Token);
        return (Encoding.ASCII.GetString(buffer, 0, n), 0);
    }
}
