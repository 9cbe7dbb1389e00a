using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudI.Services;

namespace CloudI.Http.Tests;

/// <summary>
/// Requests on one keep-alive connection reuse what the previous request derived (target, name,
/// GET query, RequestInfo) only while it is really the same: each answer here must be what a
/// fresh connection would get.
/// </summary>
public sealed class KeepAliveReuseTests : FrontTestBase
{
    [Fact]
    public async Task Repeated_and_changed_requests_on_one_connection_map_as_on_fresh_ones()
    {
        // The service answers "name|request|request info" so every mapped part is visible.
        await Backend("/m/", new Behaviour
        {
            Subscribe = ["*"],
            Handle = r => new(RequestResult.Reply(default, Encoding.Latin1.GetBytes(
                r.Name + "|" + Encoding.Latin1.GetString(r.Request.Span) + "|" + Encoding.Latin1.GetString(r.RequestInfo.Span)))),
        });
        await StartFront("{query_get_format, text_pairs}");

        string[] requests =
        [
            "GET /m/a?v=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n",
            "GET /m/a?v=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n",
            "GET /m/a?v=1 HTTP/1.1\r\nHost: h\r\nX-A: 2\r\n\r\n",
            "GET /m/a?v=2 HTTP/1.1\r\nHost: h\r\nX-A: 2\r\n\r\n",
            "GET /m/b?v=2 HTTP/1.1\r\nHost: h\r\nX-A: 2\r\n\r\n",
            "POST /m/b?v=2 HTTP/1.1\r\nHost: h\r\nX-A: 2\r\nContent-Length: 4\r\n\r\nbody",
            "GET /m/b?v=2 HTTP/1.1\r\nHost: h\r\nX-A: 2\r\nX-B: 3\r\n\r\n",
            "GET /m/b?v=2 HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /m/b?v=%zz HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /m/b?v=2 HTTP/1.1\r\nHost: h\r\n\r\n",
        ];

        List<string> kept = await OnOneConnection(requests);
        for (int k = 0; k < requests.Length; k++)
        {
            List<string> fresh = await OnOneConnection([requests[k]]);
            Assert.Equal(Normalise(fresh[0]), Normalise(kept[k]));
        }

        Assert.StartsWith("200 /m/a/get|v\01\0|", kept[0], StringComparison.Ordinal);
        Assert.Contains("x-a\01\0", kept[1], StringComparison.Ordinal);
        Assert.Contains("x-a\02\0", kept[2], StringComparison.Ordinal);
        Assert.StartsWith("200 /m/a/get|v\02\0|", kept[3], StringComparison.Ordinal);
        Assert.StartsWith("200 /m/b/get|v\02\0|", kept[4], StringComparison.Ordinal);
        Assert.StartsWith("200 /m/b/post|body|", kept[5], StringComparison.Ordinal);
        Assert.Contains("x-b\03\0", kept[6], StringComparison.Ordinal);
        Assert.DoesNotContain("x-a", kept[7], StringComparison.Ordinal);
        Assert.StartsWith("400 ", kept[8], StringComparison.Ordinal);
        Assert.StartsWith("200 /m/b/get|v\02\0|", kept[9], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_left_unread_closes_the_connection_and_says_so()
    {
        await Recorder();
        await StartFront("{body_length_read, 10}");
        (string response, _) = await Raw("POST /m/b HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n0123456789a");
        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", response, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The client port differs between connections; everything else must not.</summary>
    private static string Normalise(string response) =>
        System.Text.RegularExpressions.Regex.Replace(response, "(peer-port|source-port)\0[0-9]+\0", "$1\0P\0");

    /// <summary>Sends each request on one connection and reads its response: "status body".</summary>
    private async Task<List<string>> OnOneConnection(IReadOnlyList<string> requests)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        NetworkStream stream = tcp.GetStream();
        var reader = new BufferedReader(stream);
        var responses = new List<string>();
        foreach (string request in requests)
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            string status = (await reader.Line()).Split(' ')[1];
            int length = 0;
            for (string line = await reader.Line(); line.Length > 0; line = await reader.Line())
            {
                if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            responses.Add(status + " " + Encoding.Latin1.GetString(await reader.Bytes(length)));
        }

        return responses;
    }

    private sealed class BufferedReader(NetworkStream stream)
    {
        private readonly List<byte> _pending = [];

        public async Task<string> Line()
        {
            while (true)
            {
                int end = _pending.IndexOf((byte)'\n');
                if (end >= 0)
                {
                    string line = Encoding.Latin1.GetString([.. _pending.GetRange(0, end)]).TrimEnd('\r');
                    _pending.RemoveRange(0, end + 1);
                    return line;
                }

                await Fill();
            }
        }

        public async Task<byte[]> Bytes(int count)
        {
            while (_pending.Count < count)
            {
                await Fill();
            }

            byte[] bytes = [.. _pending.GetRange(0, count)];
            _pending.RemoveRange(0, count);
            return bytes;
        }

        private async Task Fill()
        {
            byte[] buffer = new byte[4096];
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            int n = await stream.ReadAsync(buffer, cancel.Token);
            if (n == 0)
            {
                throw new IOException("connection closed");
            }

            _pending.AddRange(buffer.AsSpan(0, n));
        }
    }
}
