using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HarpCaller.Configuration;

namespace HarpCaller.Tests.Engine;

public sealed class InvalidRequestTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.StartAsync(o => o with
    {
        ClientLimits = new ClientLimits { MaxLineBytes = 64 * 1024, IdleTimeout = TimeSpan.FromSeconds(1) },
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string ErrorType(string reply) =>
        JsonDocument.Parse(reply).RootElement.GetProperty("error").GetProperty("type").GetString()!;

    [Fact]
    public async Task BytesAfterTheFirstLine_AreIgnored()
    {
        // Spec 1.1: one request per connection. The second line (another call, then garbage) gets
        // no reply and starts no job: exactly one reply line, then the dispatcher closes.
        var second = WireClient.Call("h1", "return", "[\"second\"]");
        var lines = await _h.RequestLinesAsync(WireClient.Call("h1", "return", "[\"first\"]") + "\n" + second + "\n{not json");
        var reply = Assert.Single(lines);
        Assert.Equal("{\"result\":\"first\"}", await _h.ResultAsync(WireClient.JobIdOf(reply)));
        var stored = _h.Host.ReadStoredJobsAfter(0, 100);
        Assert.Equal(["[\"first\"]"], stored.Select(j => j.ArgumentsJson));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"harpcaller\":2,\"get_status\":\"x\"}")]
    [InlineData("{\"get_status\":\"x\"}")]
    [InlineData("{\"harpcaller\":1,\"get_status\":\"x\",\"cancel\":\"x\"}")]
    [InlineData("{\"harpcaller\":1,\"get_status\":\"x\",\"wait\":true}")]
    [InlineData("{\"harpcaller\":1,\"get_result\":\"x\",\"wait\":\"yes\"}")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h1\",\"procedure\":\"p\",\"arguments\":5}")]
    [InlineData("{\"harpcaller\":1,\"host\":\"h1\",\"procedure\":\"p\",\"arguments\":[],\"timeout\":\"10\"}")]
    [InlineData("{\"harpcaller\":1,\"follow_stream\":\"x\",\"since\":1,\"recent\":1}")]
    [InlineData("{\"harpcaller\":1,\"get_status\":42}")]
    public async Task InvalidRequest_GetsOneErrorLineThenClose(string request)
    {
        var reply = await _h.RequestAsync(request);
        Assert.Contains(ErrorType(reply), new[] { "invalid_request", "parse_error" });
    }

    [Fact]
    public async Task OverlongLine_IsRejected()
    {
        var request = "{\"harpcaller\":1,\"host\":\"h1\",\"procedure\":\"echo\",\"arguments\":[\"" + new string('x', 100_000) + "\"]}";
        Assert.Equal("invalid_request", ErrorType(await _h.RequestAsync(request)));
    }

    [Fact]
    public async Task SilentClient_IsDisconnectedAfterIdleTimeout()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_h.Server);
        var buffer = new byte[16];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task TricklingClient_IsDisconnectedAtTheIdleDeadline()
    {
        // The idle timeout bounds the whole request line, not each read.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_h.Server);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var closed = socket.ReceiveAsync(new byte[16], SocketFlags.None, cts.Token).AsTask();
        while (!closed.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            try
            {
                await socket.SendAsync("{"u8.ToArray());
            }
            catch (SocketException)
            {
                break; // the server is gone: that is the point
            }
            await Task.WhenAny(closed, Task.Delay(200));
        }
        // Closed with request bytes unread: the kernel may send a reset instead of a FIN.
        try
        {
            Assert.Equal(0, await closed);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SilentClient_DoesNotHoldUpOtherClients()
    {
        // Requests are served on the accept loop up to their first wait: a client that sends
        // nothing must not keep the next one waiting (here for its whole 1 s idle timeout).
        var status = $"{{\"harpcaller\":1,\"get_status\":\"{Guid.NewGuid()}\"}}";
        await _h.RequestAsync(status);
        using var silent = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(_h.Server);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("invalid_jobid", ErrorType(await _h.RequestAsync(status)));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(800), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task GeneratedGarbage_NeverTakesTheServerDown()
    {
        var random = new Random(20261122);
        var samples = new List<byte[]>();
        for (var i = 0; i < 60; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            samples.Add(bytes);
        }
        var valid = WireClient.Call("h1", "return", "[{\"a\":[1,2,{\"b\":null}]}]");
        for (var cut = 1; cut < valid.Length; cut += 7) samples.Add(Encoding.UTF8.GetBytes(valid[..cut]));
        samples.Add(Encoding.UTF8.GetBytes(new string('[', 20_000) + new string(']', 20_000)));
        samples.Add(Encoding.UTF8.GetBytes("{\"harpcaller\":1,\"host\":\"h1\",\"procedure\":\"p\",\"arguments\":[" + new string('9', 5000) + "]}"));
        samples.Add(Encoding.UTF8.GetBytes("{\"harpcaller\":1,\"host\":[],\"procedure\":{},\"arguments\":[]}"));

        foreach (var sample in samples)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(_h.Server);
            var line = sample.Where(b => b != (byte)'\n').Append((byte)'\n').ToArray();
            await socket.SendAsync(line);
            await using var stream = new NetworkStream(socket);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var lines = await WireClient.ReadAllLinesAsync(stream, cts.Token);
            Assert.Single(lines);
        }
        var id = await _h.SubmitAsync("h1", "return", "[\"still here\"]");
        Assert.Equal("{\"result\":\"still here\"}", await _h.ResultAsync(id));
    }
}
