using System.Text.Json;

namespace HarpCaller.Tests.Engine;

public sealed class StreamTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    // A tiny follower mailbox, so that live followers overflow it and fill gaps from the store.
    public async Task InitializeAsync() => _h = await EngineHarness.StartAsync(o => o with
    {
        ClientLimits = new HarpCaller.Configuration.ClientLimits { FollowerMailbox = 4 },
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static List<long> PacketNumbers(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith("{\"packet\":", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("packet").GetInt64()).ToList();

    private static List<long> PacketData(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith("{\"packet\":", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("data").GetInt64()).ToList();

    [Fact]
    public async Task FollowSince0_OfEndedJob_SendsEveryPacketThenResult()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[50]");
        Assert.Equal("{\"result\":50}", await _h.ResultAsync(id));
        var lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\",\"since\":0}}");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), PacketNumbers(lines));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), PacketData(lines));
        Assert.Equal("{\"result\":50}", lines[^1]);
        Assert.Equal(51, lines.Count);
        Assert.Matches("^\\{\"packet\":0,\"data\":0,\"time\":\\d+\\}$", lines[0]);
    }

    [Fact]
    public async Task Follow_WithoutOptions_OfEndedJob_SendsOnlyTheResult()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[5]");
        await _h.ResultAsync(id);
        var lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\"}}");
        Assert.Equal(["{\"result\":5}"], lines);
    }

    [Fact]
    public async Task Follow_Recent_SendsLastPackets()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[10]");
        await _h.ResultAsync(id);
        var lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\",\"recent\":3}}");
        Assert.Equal([7L, 8L, 9L], PacketNumbers(lines));
    }

    [Fact]
    public async Task Follow_SincePastEnd_SendsOnlyTerminalLine()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[3]");
        await _h.ResultAsync(id);
        Assert.Equal(["{\"result\":3}"], await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\",\"since\":100}}"));
    }

    [Fact]
    public async Task Follow_LiveJob_GetsRecordedAndLivePackets_WithoutGapOrDuplicate()
    {
        // 40 packets 50 ms apart: followers join at different moments of the stream.
        var id = await _h.SubmitAsync("h1", "stream", "[40, 50]");
        var followers = new List<Task<List<string>>>();
        for (var i = 0; i < 4; i++)
        {
            followers.Add(_h.RequestLinesAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\",\"since\":0}}"));
            await Task.Delay(300);
        }
        foreach (var follower in followers)
        {
            var lines = await follower;
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), PacketNumbers(lines));
            Assert.Equal("{\"result\":40}", lines[^1]);
        }
    }

    [Fact]
    public async Task Follow_LiveJob_WithoutOptions_GetsOnlyNewPackets()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[30, 50]");
        // Wait until a few packets are recorded, however slow the machine is today.
        for (var i = 0; i < 200; i++)
        {
            var recorded = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"read_stream\":\"{id}\"}}");
            if (PacketNumbers(recorded).Count >= 2) break;
            await Task.Delay(25);
        }
        var lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\"}}");
        var numbers = PacketNumbers(lines);
        Assert.NotEmpty(numbers);
        Assert.True(numbers[0] > 0, "packets recorded before the follow are not sent");
        Assert.Equal(Enumerable.Range((int)numbers[0], 30 - (int)numbers[0]).Select(i => (long)i), numbers);
    }

    [Fact]
    public async Task ReadStream_OfRunningJob_EndsWithContinue()
    {
        var id = await _h.SubmitAsync("h1", "stream_sleep", "[3, 5]");
        List<string> lines = [];
        for (var i = 0; i < 50; i++)
        {
            lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"read_stream\":\"{id}\"}}");
            if (PacketNumbers(lines).Count == 3) break;
            await Task.Delay(100);
        }
        Assert.Equal([0L, 1L, 2L], PacketNumbers(lines));
        Assert.Equal("{\"continue\":true}", lines[^1]);
        Assert.Equal("{\"cancelled\":true}", await _h.RequestAsync($"{{\"harpcaller\":1,\"cancel\":\"{id}\"}}"));
    }

    [Fact]
    public async Task ReadStream_OfEndedJob_DefaultsToWholeStream_ThenResult()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[4]");
        await _h.ResultAsync(id);
        var lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"read_stream\":\"{id}\"}}");
        Assert.Equal([0L, 1L, 2L, 3L], PacketNumbers(lines));
        Assert.Equal("{\"result\":4}", lines[^1]);
        var recent = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"read_stream\":\"{id}\",\"recent\":1}}");
        Assert.Equal([3L], PacketNumbers(recent));
    }

    [Fact]
    public async Task Follow_FastLongStream_GetsEveryPacketOnce_EvenWhenItsMailboxOverflows()
    {
        // 20,000 packets as fast as the daemon can send them: followers that fall behind their
        // bounded mailbox fill the gaps from the store by position.
        var id = await _h.SubmitAsync("h1", "stream", "[20000]");
        var followers = Enumerable.Range(0, 3)
            .Select(_ => WireClient.RequestLinesAsync(_h.Server, $"{{\"harpcaller\":1,\"follow_stream\":\"{id}\",\"since\":0}}", TimeSpan.FromSeconds(120)))
            .ToList();
        followers.Add(SlowFollowerAsync(id));
        foreach (var follower in followers)
        {
            var lines = await follower;
            Assert.Equal(Enumerable.Range(0, 20000).Select(i => (long)i), PacketNumbers(lines));
            Assert.Equal("{\"result\":20000}", lines[^1]);
        }
    }

    /// <summary>Asks to follow, then does not read for 3 s: the dispatcher's writes block and the
    /// live packets overflow the follower's mailbox.</summary>
    private async Task<List<string>> SlowFollowerAsync(string id)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.ReceiveBufferSize = 4096;
        await socket.ConnectAsync(_h.Server);
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\",\"since\":0}}\n"));
        await Task.Delay(3000);
        await using var stream = new System.Net.Sockets.NetworkStream(socket);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return await WireClient.ReadAllLinesAsync(stream, cts.Token);
    }

    [Fact]
    public async Task Stream_OfThousandsOfPackets_IsRecordedCompletely()
    {
        var id = await _h.SubmitAsync("h1", "stream", "[5000]");
        Assert.Equal("{\"result\":5000}", await _h.ResultAsync(id));
        var lines = await _h.RequestLinesAsync($"{{\"harpcaller\":1,\"read_stream\":\"{id}\",\"since\":0}}");
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), PacketNumbers(lines));
    }
}
