using System.Net;
using System.Net.Sockets;
using System.Text;
using HarpCaller.Client.Tests.Support;

namespace HarpCaller.Client.Tests;

/// <summary>The library against a scripted fake dispatcher: replies, failures and time bounds.</summary>
public sealed class HarpCallerClientTests
{
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(20);

    private static async Task<List<StreamItem>> CollectAsync(IAsyncEnumerable<StreamItem> items)
    {
        var list = new List<StreamItem>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Submit_SendsOneLineOnItsOwnConnection_AndReturnsTheJobId()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"harpcaller\":1,\"job_id\":\"6f1c\"}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var first = await client.SubmitAsync(new CallSpec("h", "p"), CancellationToken.None).WaitAsync(TestBound);
        var second = await client.SubmitAsync(new CallSpec("h", "p"), CancellationToken.None).WaitAsync(TestBound);

        Assert.Equal("6f1c", first);
        Assert.Equal("6f1c", second);
        Assert.Equal(2, fake.ConnectionCount);
        Assert.All(fake.Requests, r => Assert.Equal("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]}", r));
    }

    [Fact]
    public async Task Submit_ThrowsDispatcherError_WhenTheDispatcherRejectsTheRequest()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"error\":{\"type\":\"invalid_request\",\"message\":\"nope\"}}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.SubmitAsync(new CallSpec("h", "p")).WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.DispatcherError, e.Failure);
        Assert.Equal("invalid_request", e.ErrorType);
    }

    [Fact]
    public async Task Submit_ThrowsArgumentException_BeforeConnecting_ForAnInvalidSpec()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"job_id\":\"x\"}");
        var client = new HarpCallerClient(fake.ClientOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(new CallSpec("h", "p") { Concurrency = 2 }));
        Assert.Equal(0, fake.ConnectionCount);
    }

    [Fact]
    public async Task GetResult_ReturnsTheOutcome_AndSendsWaitExplicitly()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"result\":{\"big\":123456789012345678901234567890}}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var outcome = await client.GetResultAsync("J", wait: false).WaitAsync(TestBound);

        Assert.Equal("{\"result\":{\"big\":123456789012345678901234567890}}", outcome.ToJsonString());
        Assert.Equal("{\"harpcaller\":1,\"get_result\":\"J\",\"wait\":false}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task GetResult_AcceptsCarriageReturnBeforeNewline()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteRawAsync(Encoding.UTF8.GetBytes("{\"cancelled\":true}\r\n"));
        });
        var client = new HarpCallerClient(fake.ClientOptions());

        Assert.IsType<CancelledOutcome>(await client.GetResultAsync("J").WaitAsync(TestBound));
    }

    [Fact]
    public async Task GetResult_ThrowsConnectionLost_WhenTheDispatcherClosesWithoutReplying()
    {
        await using var fake = ScriptedDispatcher.Start(async c => await c.ReadRequestAsync());
        var client = new HarpCallerClient(fake.ClientOptions());

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetResultAsync("J").WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.ConnectionLost, e.Failure);
    }

    [Fact]
    public async Task GetResult_ThrowsConnectionLost_WhenTheDispatcherClosesMidLine()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteRawAsync(Encoding.UTF8.GetBytes("{\"result\":"));
        });
        var client = new HarpCallerClient(fake.ClientOptions());

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetResultAsync("J").WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.ConnectionLost, e.Failure);
    }

    [Fact]
    public async Task GetResult_ThrowsConnectionLost_WhenTheConnectionIsReset()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            c.Reset();
        });
        var client = new HarpCallerClient(fake.ClientOptions());

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetResultAsync("J").WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.ConnectionLost, e.Failure);
    }

    [Fact]
    public async Task GetResult_ThrowsMalformedReply_ForGarbage()
    {
        await using var fake = ScriptedDispatcher.Replying("HTTP/1.1 400 Bad Request");
        var client = new HarpCallerClient(fake.ClientOptions());

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetResultAsync("J").WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.MalformedReply, e.Failure);
        Assert.Contains("HTTP/1.1 400", e.Message);
    }

    [Fact]
    public async Task GetResult_ThrowsMalformedReply_ForAnEndlessLine_WithoutBufferingItAll()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var i = 0; i < 64; i++)
            {
                await c.WriteRawAsync(chunk);
            }
        });
        var client = new HarpCallerClient(fake.ClientOptions() with { MaxReplyLineBytes = 1024 * 1024 });

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetResultAsync("J").WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.MalformedReply, e.Failure);
    }

    [Fact]
    public async Task GetResult_ThrowsTimeout_WhenTheDispatcherStaysSilent()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.StaySilentAsync();
        });
        var client = new HarpCallerClient(fake.ClientOptions(requestTimeout: TimeSpan.FromMilliseconds(300)));

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetResultAsync("J", wait: false).WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.Timeout, e.Failure);
    }

    [Fact]
    public async Task GetResult_WithWait_UsesTheWaitTimeout_NotTheRequestTimeout()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            await Task.Delay(600);
            await c.WriteLineAsync("{\"result\":1}");
        });
        var client = new HarpCallerClient(fake.ClientOptions(requestTimeout: TimeSpan.FromMilliseconds(200), waitTimeout: TimeSpan.FromSeconds(10)));

        Assert.IsType<ResultOutcome>(await client.GetResultAsync("J", wait: true).WaitAsync(TestBound));
    }

    [Fact]
    public async Task GetResult_ThrowsOperationCanceled_WhenTheCallerCancels()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.StaySilentAsync();
        });
        var client = new HarpCallerClient(fake.ClientOptions(waitTimeout: TimeSpan.FromSeconds(30)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResultAsync("J", wait: true, cts.Token).WaitAsync(TestBound));
    }

    [Fact]
    public async Task Requests_ThrowConnectFailed_WhenNothingListens()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var client = new HarpCallerClient(new HarpCallerClientOptions { Port = port, ConnectTimeout = TimeSpan.FromSeconds(5) });

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetStatusAsync("J").WaitAsync(TestBound));

        Assert.Equal(HarpCallerFailure.ConnectFailed, e.Failure);
    }

    [Fact]
    public async Task GetStatus_ThrowsInvalidJobId_ForAnUnknownJob()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var e = await Assert.ThrowsAsync<HarpCallerException>(() => client.GetStatusAsync("J").WaitAsync(TestBound));

        Assert.True(e.IsInvalidJobId);
    }

    [Fact]
    public async Task Cancel_ReturnsFalse_WhenTheDispatcherSaysSo()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"cancelled\":false}");
        var client = new HarpCallerClient(fake.ClientOptions());

        Assert.False(await client.CancelAsync("J").WaitAsync(TestBound));
        Assert.Equal("{\"harpcaller\":1,\"cancel\":\"J\"}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Follow_YieldsPacketsThenExactlyOneEnd_AndIgnoresBytesAfterIt()
    {
        await using var fake = ScriptedDispatcher.Replying(
            "{\"packet\":3,\"data\":\"a\"}",
            "{\"packet\":4,\"data\":{\"n\":1e400},\"time\":1700000000}",
            "{\"result\":\"done\"}",
            "{\"packet\":5,\"data\":\"after the end\"}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var items = await CollectAsync(client.FollowAsync("J", StreamStart.Since(3))).WaitAsync(TestBound);

        Assert.Collection(
            items,
            i => Assert.Equal(3, Assert.IsType<StreamPacket>(i).Index),
            i => Assert.Equal("{\"n\":1e400}", Assert.IsType<StreamPacket>(i).Data.GetRawText()),
            i => Assert.IsType<ResultOutcome>(Assert.IsType<StreamEnd>(i).Outcome));
        Assert.Equal("{\"harpcaller\":1,\"follow_stream\":\"J\",\"since\":3}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Follow_EndsWithInvalidJobId_ForAnUnknownJob()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var item = Assert.Single(await CollectAsync(client.FollowAsync("J")).WaitAsync(TestBound));

        Assert.True(Assert.IsType<ErrorOutcome>(Assert.IsType<StreamEnd>(item).Outcome).IsInvalidJobId);
    }

    [Fact]
    public async Task Follow_ThrowsConnectionLost_WhenTheStreamEndsWithoutATerminalLine()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"packet\":0,\"data\":1}");
        var client = new HarpCallerClient(fake.ClientOptions());
        var seen = new List<StreamItem>();

        var e = await Assert.ThrowsAsync<HarpCallerException>(async () =>
        {
            await foreach (var item in client.FollowAsync("J").WithCancellation(CancellationToken.None))
            {
                seen.Add(item);
            }
        }).WaitAsync(TestBound);

        Assert.Equal(HarpCallerFailure.ConnectionLost, e.Failure);
        Assert.IsType<StreamPacket>(Assert.Single(seen));
    }

    [Fact]
    public async Task Follow_TimeoutBoundsSilenceBetweenLines_NotTheWholeStream()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            await c.ReadRequestAsync();
            for (var i = 0; i < 6; i++)
            {
                await c.WriteLineAsync($"{{\"packet\":{i},\"data\":{i}}}");
                await Task.Delay(500);
            }

            await c.WriteLineAsync("{\"result\":true}");
        });

        // The whole stream takes 3 s, longer than the 2 s timeout; each gap keeps 1.5 s of slack
        // so a loaded CI machine does not trip the per-line bound.
        var client = new HarpCallerClient(fake.ClientOptions(waitTimeout: TimeSpan.FromSeconds(2)));

        var items = await CollectAsync(client.FollowAsync("J")).WaitAsync(TestBound);

        Assert.Equal(7, items.Count);
    }

    [Fact]
    public async Task ReadStream_EndsWithContinue_ForARunningJob()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"packet\":0,\"data\":[]}", "{\"continue\":true}");
        var client = new HarpCallerClient(fake.ClientOptions());

        var items = await CollectAsync(client.ReadStreamAsync("J")).WaitAsync(TestBound);

        Assert.IsType<ContinueOutcome>(Assert.IsType<StreamEnd>(items[^1]).Outcome);
        Assert.Equal("{\"harpcaller\":1,\"read_stream\":\"J\"}", Assert.Single(fake.Requests));
    }
}
