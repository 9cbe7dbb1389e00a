using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HarpCaller.Tests.Engine;

/// <summary>A raw client-protocol peer: one connection per request, lines as the server sent them.</summary>
internal static class WireClient
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Sends <paramref name="request"/> (a newline is added) and returns every line until the server closes.</summary>
    public static async Task<List<string>> RequestLinesAsync(IPEndPoint server, string request, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Bound);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cts.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), cts.Token);
        return await ReadAllLinesAsync(stream, cts.Token);
    }

    /// <summary>Sends one request and returns its single reply line (asserting there is exactly one).</summary>
    public static async Task<string> RequestAsync(IPEndPoint server, string request, TimeSpan? timeout = null)
    {
        var lines = await RequestLinesAsync(server, request, timeout);
        Assert.True(lines.Count == 1, $"expected one reply line, got {lines.Count}: {string.Join(" | ", lines)}");
        return lines[0];
    }

    public static async Task<List<string>> ReadAllLinesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) break;
            all.Write(buffer, 0, read);
        }
        var text = Encoding.UTF8.GetString(all.ToArray());
        var lines = text.Split('\n').ToList();
        Assert.Equal("", lines[^1]); // every line is newline-terminated
        lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    public static string Call(string host, string procedure, string arguments, string extra = "") =>
        $"{{\"harpcaller\":1,\"host\":\"{host}\",\"procedure\":\"{procedure}\",\"arguments\":{arguments}{extra}}}";

    public static string JobIdOf(string reply)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(reply);
        Assert.Equal(1, doc.RootElement.GetProperty("harpcaller").GetInt32());
        return doc.RootElement.GetProperty("job_id").GetString()!;
    }
}
