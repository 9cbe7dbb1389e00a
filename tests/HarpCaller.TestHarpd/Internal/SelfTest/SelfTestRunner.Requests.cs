using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using static HarpCaller.TestHarpd.Internal.SelfTest.SelfTestClient;

namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>Malformed and unauthorised requests, cancellation by closing, the compact style and limits.</summary>
internal sealed partial class SelfTestRunner
{
    private async Task RequestChecksAsync(SelfTestClient client)
    {
        await CheckCallAsync(client, "auth: wrong password", Request("return", "[1]", password: "wrong"),
            """{"harp": 1, "error": {"type": "auth_error", "message": "authentication failed"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "auth: unknown user", Request("return", "[1]", user: "nobody"),
            """{"harp": 1, "error": {"type": "auth_error", "message": "authentication failed"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "unknown procedure", Request("nope", "[]"),
            """{"harp": 1, "error": {"type": "no_such_procedure", "message": "no such procedure: nope"}}""").ConfigureAwait(false);
        await CheckAsync("bad JSON is parse_error", async () =>
        {
            Transcript t = await client.CallAsync("{\"harp\":1,\n").ConfigureAwait(false);
            Expect(t.Lines.Count == 1 && t.Lines[0].StartsWith("""{"harp": 1, "error": {"type": "parse_error", "message": "request is not valid JSON""", StringComparison.Ordinal), "got " + t);
        }).ConfigureAwait(false);
        await CheckCallAsync(client, "request not an object", "[1]\n",
            """{"harp": 1, "error": {"type": "invalid_request", "message": "request is not a JSON object"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "harp must be 1", """{"harp":2,"procedure":"return","arguments":[1],"auth":{"user":"rpc","password":"secret"}}""" + "\n",
            """{"harp": 1, "error": {"type": "invalid_request", "message": "\"harp\" must be 1"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "arguments missing", """{"harp":1,"procedure":"return","auth":{"user":"rpc","password":"secret"}}""" + "\n",
            """{"harp": 1, "error": {"type": "invalid_request", "message": "\"arguments\" must be a list or an object"}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "auth missing", """{"harp":1,"procedure":"return","arguments":[1]}""" + "\n",
            """{"harp": 1, "error": {"type": "invalid_request", "message": "\"auth\" must be an object with string \"user\" and \"password\""}}""").ConfigureAwait(false);
        await CheckCallAsync(client, "any key order, whitespace, CRLF", """ { "auth" : {"password":"secret","user":"rpc"}, "arguments" : [7] , "procedure":"return","harp":1 } """ + "\r\n",
            PlainAck, """{"result": 7}""").ConfigureAwait(false);
        await CheckCallAsync(client, "escaped procedure name and password", """{"harp":1,"procedure":"r\u0065turn","arguments":[8],"auth":{"user":"rpc","password":"s\u0065cret"}}""" + "\n",
            PlainAck, """{"result": 8}""").ConfigureAwait(false);
        await CheckAsync("peer closing before the request: nothing sent", async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            (Socket socket, SslStream ssl) = await client.OpenAsync(deadline.Token).ConfigureAwait(false);
            using (socket)
            await using (ssl.ConfigureAwait(false))
            {
                await ssl.WriteAsync("{\"harp\":1"u8.ToArray(), deadline.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
                byte[] received = await ReadToEndAsync(ssl, deadline.Token).ConfigureAwait(false);
                Expect(received.Length == 0, $"received {received.Length} bytes");
            }
        }).ConfigureAwait(false);
    }

    private async Task CancellationChecksAsync(TestHarpd harpd, SelfTestClient client)
    {
        await CheckAsync("sleep: closing the connection cancels it and the daemon closes too", () =>
            CloseWhileRunningAsync(harpd, client, Request("sleep", "[30]"), expectAck: true));
        await CheckAsync("stream with delays: closing mid-stream ends it", () =>
            CloseWhileRunningAsync(harpd, client, Request("stream", "[1000, 100]"), expectAck: true));
        await CheckAsync("stall_before_ack: held until the peer closes", () =>
            CloseWhileRunningAsync(harpd, client, Request("stall_before_ack", "[]"), expectAck: false));
        await CheckAsync("last procedure is recorded", async () =>
        {
            await client.CallAsync(Request("echo", "[]", password: "wrong")).ConfigureAwait(false);
            Expect(harpd.LastProcedure == "echo", "last procedure " + harpd.LastProcedure);
        }).ConfigureAwait(false);
    }

    private static async Task CloseWhileRunningAsync(TestHarpd harpd, SelfTestClient client, string request, bool expectAck)
    {
        await harpd.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        long seen = harpd.RequestsSeen;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (Socket socket, SslStream ssl) = await client.OpenAsync(deadline.Token).ConfigureAwait(false);
        using (socket)
        await using (ssl.ConfigureAwait(false))
        {
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(request), deadline.Token).ConfigureAwait(false);
            await harpd.WaitForRequestsSeenAsync(seen + 1, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (expectAck)
            {
                byte[] buffer = new byte[256];
                int read = await ssl.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
                Expect(read > 0 && buffer[read - 1] == '\n', "no acknowledgement before closing");
            }

            Expect(harpd.OpenConnections == 1, "open connections " + harpd.OpenConnections);
        }

        var watch = Stopwatch.StartNew();
        await harpd.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        Expect(watch.Elapsed < TimeSpan.FromSeconds(1), "daemon took " + watch.Elapsed + " to close");
    }

    private Task DisposalCheckAsync(X509Certificate2 certificate, SslProtocols protocols) =>
        CheckAsync("dispose: closes open connections and returns promptly", async () =>
        {
            TestHarpd harpd = await TestHarpd.StartAsync(new TestHarpdOptions { Certificate = certificate, Protocols = _options.Protocols }).ConfigureAwait(false);
            var client = new SelfTestClient { EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port), Protocols = protocols, Validate = Pinned(certificate) };
            Task<Transcript> sleeping = client.CallAsync(Request("sleep", "[30]"));
            Task<Transcript> stalled = client.CallAsync(Request("stall_before_ack", "[]"));
            await harpd.WaitForRequestsSeenAsync(2, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            await harpd.DisposeAsync().ConfigureAwait(false);
            Expect(watch.Elapsed < TimeSpan.FromSeconds(1), "dispose took " + watch.Elapsed);
            Transcript[] transcripts = await Task.WhenAll(sleeping, stalled).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            Expect(transcripts[0].Lines.Count == 1 && transcripts[1].Lines.Count == 0, "got " + transcripts[0] + " / " + transcripts[1]);
            Expect(harpd.OpenConnections == 0, "open connections " + harpd.OpenConnections);
        });

    private async Task CompactStyleChecksAsync(X509Certificate2 certificate, SslProtocols protocols)
    {
        var options = new TestHarpdOptions { Certificate = certificate, Protocols = _options.Protocols, PythonStyleJson = false, SendCloseNotify = false };
        await using TestHarpd harpd = await TestHarpd.StartAsync(options).ConfigureAwait(false);
        var client = new SelfTestClient { EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port), Protocols = protocols, Validate = Pinned(certificate) };
        string arguments = "[1e+300, 123456789012345678901234567890, \"caf\\u00E9 \u00e9\U0001F600\", {\"a\": [ ]}]";
        await CheckCallAsync(client, "compact style: strings and numbers verbatim, no close_notify", Request("echo", arguments),
            """{"harp":1,"stream_result":false}""",
            "{\"result\":[1e+300,123456789012345678901234567890,\"caf\\u00E9 \u00e9\U0001F600\",{\"a\":[]}]}").ConfigureAwait(false);
        await CheckCallAsync(client, "compact style: unicode as UTF-8", Request("unicode", "[]"),
            """{"harp":1,"stream_result":false}""", "{\"result\":" + TestHarpdProcedures.UnicodeResultJson + "}").ConfigureAwait(false);
    }

    private async Task LimitChecksAsync(X509Certificate2 certificate, SslProtocols protocols)
    {
        var options = new TestHarpdOptions
        {
            Certificate = certificate,
            Protocols = _options.Protocols,
            MaxRequestLineBytes = 1000,
            RequestTimeout = TimeSpan.FromMilliseconds(300),
            Users = new Dictionary<string, string> { ["alice"] = "p\u00e4ss" },
        };
        await using TestHarpd harpd = await TestHarpd.StartAsync(options).ConfigureAwait(false);
        var client = new SelfTestClient { EndPoint = new IPEndPoint(IPAddress.Loopback, harpd.Port), Protocols = protocols, Validate = Pinned(certificate) };
        await CheckCallAsync(client, "limits: request line too long", new string('x', 1001) + "\n",
            """{"harp": 1, "error": {"type": "invalid_request", "message": "request line longer than 1000 bytes"}}""").ConfigureAwait(false);
        // Padded so the line without its newline is exactly the limit.
        int overhead = Encoding.UTF8.GetByteCount(Request("echo", "[\"\"]", "alice", "p\u00e4ss")) - 1;
        string padding = new('y', 1000 - overhead);
        await CheckCallAsync(client, "limits: request line exactly at the limit is read", Request("echo", "[\"" + padding + "\"]", "alice", "p\u00e4ss"),
            PlainAck, "{\"result\": [\"" + padding + "\"]}").ConfigureAwait(false);
        await CheckAsync("limits: incomplete request times out with a timeout error", async () =>
        {
            Transcript t = await client.CallAsync("{\"harp\":1", TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            Expect(t.Lines.Count == 1 && t.Lines[0].StartsWith("""{"harp": 1, "error": {"type": "timeout", """, StringComparison.Ordinal), "got " + t);
        }).ConfigureAwait(false);
        await CheckCallAsync(client, "users: non-ASCII password, default user replaced", Request("return", "[1]"),
            """{"harp": 1, "error": {"type": "auth_error", "message": "authentication failed"}}""").ConfigureAwait(false);
    }
}
