using System.Text.Json;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Engine;

public sealed class CallTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Call_RepliesWithLowercaseV4JobId()
    {
        var reply = await _h.RequestAsync(Call("h1", "return", "[1]"));
        Assert.Matches("^\\{\"harpcaller\":1,\"job_id\":\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"\\}$", reply);
    }

    [Fact]
    public async Task Echo_PassesNumbersThroughExactly()
    {
        const string args = "[123456789012345678901234567890,1e+300,0.1000,-0,{\"b\":1,\"a\":[]}]";
        var id = await _h.SubmitAsync("h1", "echo", args);
        Assert.Equal("{\"result\":" + args + "}", await _h.ResultAsync(id));
    }

    [Fact]
    public async Task Echo_PassesUnicodeAndSurrogatePairsThrough()
    {
        var id = await _h.SubmitAsync("h1", "echo", "[\"\\uD83D\\uDE00\",\"😀 café\"]");
        var result = await _h.ResultAsync(id);
        using var doc = JsonDocument.Parse(result);
        var values = doc.RootElement.GetProperty("result");
        Assert.Equal("😀", values[0].GetString());
        Assert.Equal("😀 café", values[1].GetString());
    }

    [Fact]
    public async Task Request_WithPythonSeparatorsAndAnyKeyOrder_IsAccepted()
    {
        var reply = await _h.RequestAsync("{\"arguments\": [7], \"info\": null, \"procedure\": \"return\", \"host\": \"h1\", \"harpcaller\": 1}\r");
        var id = JobIdOf(reply);
        Assert.Equal("{\"result\":7}", await _h.ResultAsync(id));
    }

    [Fact]
    public async Task Status_HasCallTimesAndInfo()
    {
        var id = await _h.SubmitAsync("h1", "return", "{\"x\":1}", ",\"info\":{\"user\":\"web\",\"n\":12345678901234567890}");
        await _h.ResultAsync(id);
        using var doc = JsonDocument.Parse(await _h.StatusAsync(id));
        var root = doc.RootElement;
        Assert.Equal("h1", root.GetProperty("call").GetProperty("host").GetString());
        Assert.Equal("return", root.GetProperty("call").GetProperty("procedure").GetString());
        Assert.Equal("{\"x\":1}", root.GetProperty("call").GetProperty("arguments").GetRawText());
        Assert.Equal("{\"user\":\"web\",\"n\":12345678901234567890}", root.GetProperty("info").GetRawText());
        var time = root.GetProperty("time");
        var submit = time.GetProperty("submit").GetInt64();
        Assert.InRange(submit, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.True(time.GetProperty("start").GetInt64() >= submit);
        Assert.True(time.GetProperty("end").GetInt64() >= time.GetProperty("start").GetInt64());
    }

    [Fact]
    public async Task Status_InfoDefaultsToNull()
    {
        var id = await _h.SubmitAsync("h1", "return", "[]");
        Assert.EndsWith(",\"info\":null}", await _h.StatusAsync(id));
    }

    [Fact]
    public async Task GetResult_WithoutWait_DefaultsToWaiting()
    {
        var id = await _h.SubmitAsync("h1", "sleep", "[0.5]");
        Assert.Equal("{\"result\":\"slept\"}", await _h.RequestAsync($"{{\"harpcaller\":1,\"get_result\":\"{id}\"}}"));
    }

    [Fact]
    public async Task GetResult_WaitFalse_SaysNoResultWhileRunning()
    {
        var id = await _h.SubmitAsync("h1", "sleep", "[2]");
        Assert.Equal("{\"no_result\":true}", await _h.RequestAsync($"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":false}}"));
        using var doc = JsonDocument.Parse(await _h.StatusAsync(id));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("time").GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task ResultWaiter_WhoseClientLeaves_IsReleased_WithoutWaitingForTheJob()
    {
        var id = await _h.SubmitAsync("h1", "sleep", "[30]");
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            await socket.ConnectAsync(_h.Server);
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":true}}\n"));
            await Operations.Poll.UntilAsync(() => _h.Host.OpenClientConnections == 1, "the waiter to be there");
        }
        // Watched for the client leaving after a quiet second: released well before the job ends.
        await Operations.Poll.UntilAsync(() => _h.Host.OpenClientConnections == 0, "the waiter to go", TimeSpan.FromSeconds(10));
        Assert.Equal("{\"no_result\":true}", await _h.RequestAsync($"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":false}}"));
        Assert.Equal("{\"cancelled\":true}", await _h.RequestAsync($"{{\"harpcaller\":1,\"cancel\":\"{id}\"}}"));
    }

    [Fact]
    public async Task Exception_FromDaemon_IsPassedThrough()
    {
        var id = await _h.SubmitAsync("h1", "raise", "[\"ValueError\",\"bad value\",{\"k\":[1,2]}]");
        var result = await _h.ResultAsync(id);
        using var doc = JsonDocument.Parse(result);
        var e = doc.RootElement.GetProperty("exception");
        Assert.Equal("ValueError", e.GetProperty("type").GetString());
        Assert.Equal("bad value", e.GetProperty("message").GetString());
        Assert.Equal("{\"k\":[1,2]}", e.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task UnknownHost_EndsWithUnknownHost_AndNeverStarts()
    {
        var id = await _h.SubmitAsync("no-such-host", "return", "[1]");
        Assert.Contains("\"type\":\"unknown_host\"", await _h.ResultAsync(id));
        using var doc = JsonDocument.Parse(await _h.StatusAsync(id));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("time").GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("time").GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task UnknownJobId_GetsInvalidJobId_ForEveryOperation()
    {
        const string error = "{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}";
        var id = Guid.NewGuid().ToString();
        Assert.Equal(error, await _h.RequestAsync($"{{\"harpcaller\":1,\"get_result\":\"{id}\",\"wait\":true}}"));
        Assert.Equal(error, await _h.RequestAsync($"{{\"harpcaller\":1,\"get_status\":\"{id}\"}}"));
        Assert.Equal(error, await _h.RequestAsync($"{{\"harpcaller\":1,\"follow_stream\":\"{id}\"}}"));
        Assert.Equal(error, await _h.RequestAsync($"{{\"harpcaller\":1,\"read_stream\":\"not-a-uuid\"}}"));
        Assert.Equal("{\"cancelled\":false}", await _h.RequestAsync($"{{\"harpcaller\":1,\"cancel\":\"{id}\"}}"));
    }

    [Fact]
    public async Task Submit_IsDurableBeforeTheReply()
    {
        var id = await _h.SubmitAsync("h1", "sleep", "[1]");
        // A separate connection to the store file sees the committed job.
        var path = Path.Combine(_h.Options.StreamDirectory, "jobs.sqlite");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT procedure FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", Guid.Parse(id).ToByteArray());
        Assert.Equal("sleep", command.ExecuteScalar());
    }

    [Fact]
    public async Task Submit_ForAKnownHost_RecordsTheStartInTheSameCommit()
    {
        // Outside any queue a job starts at once: its start is on disk with the job, before the
        // reply (and so before the daemon is contacted).
        await HostsLoadedAsync();
        var id = await _h.SubmitAsync("h1", "sleep", "[1]");
        var (start, end) = StoredTimes(id);
        Assert.NotNull(start);
        Assert.Null(end);
        Assert.Equal("{\"result\":\"slept\"}", await _h.ResultAsync(id));
    }

    [Fact]
    public async Task Submit_ForAnUnknownHost_RecordsTheEndInTheSameCommit()
    {
        await HostsLoadedAsync();
        var id = await _h.SubmitAsync("no-such-host", "return", "[1]");
        var (start, end) = StoredTimes(id);
        Assert.Null(start);
        Assert.NotNull(end);
        Assert.Contains("\"type\":\"unknown_host\"", await _h.ResultAsync(id));
        Assert.Equal("{\"cancelled\":false}", await _h.RequestAsync($"{{\"harpcaller\":1,\"cancel\":\"{id}\"}}"));
    }

    [Fact]
    public async Task Submit_IntoAQueue_IsRecordedBeforeItStarts()
    {
        // Queued jobs take the two-step path: their start is decided by the queue, later.
        var first = await _h.SubmitAsync("h1", "sleep", "[1]", ",\"queue\":{\"name\":{\"q\":\"merge\"},\"concurrency\":1}");
        var second = await _h.SubmitAsync("h1", "return", "[2]", ",\"queue\":{\"name\":{\"q\":\"merge\"}}");
        Assert.Null(StoredTimes(second).Start);
        Assert.Equal("{\"result\":2}", await _h.ResultAsync(second));
        Assert.NotNull(StoredTimes(second).Start);
        Assert.Equal("{\"result\":\"slept\"}", await _h.ResultAsync(first));
    }

    /// <summary>
    /// Settled at submission only once the hosts registry has loaded; before that (the first
    /// script run at start-up) a job waits for it as before.
    /// </summary>
    private async Task HostsLoadedAsync() =>
        Assert.Equal("{\"result\":0}", await _h.ResultAsync(await _h.SubmitAsync("h1", "return", "[0]")));

    private (long? Start, long? End) StoredTimes(string id)
    {
        var path = Path.Combine(_h.Options.StreamDirectory, "jobs.sqlite");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start, \"end\" FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", Guid.Parse(id).ToByteArray());
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }
}
