using System.Text.Json;

namespace HarpCaller.Tests.Engine;

public sealed class DaemonFailureTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<(string Type, string? Reason, JsonElement Error)> ErrorOf(string host, string procedure, string args, string extra = "")
    {
        var id = await _h.SubmitAsync(host, procedure, args, extra);
        var result = await _h.ResultAsync(id);
        var error = JsonDocument.Parse(result).RootElement.GetProperty("error");
        string? reason = error.TryGetProperty("data", out var data) && data.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return (error.GetProperty("type").GetString()!, reason, error);
    }

    [Theory]
    [InlineData("garbage", "[]")]
    [InlineData("garbage_before_ack", "[]")]
    [InlineData("result_before_ack", "[]")]
    [InlineData("ack_extra_keys", "[]")]
    [InlineData("stream_after_plain_ack", "[]")]
    [InlineData("bad_error_object", "[]")]
    public async Task DaemonSpeakingSomethingElse_IsProtocolError(string procedure, string args)
    {
        var (type, _, _) = await ErrorOf("h1", procedure, args);
        Assert.Equal("protocol_error", type);
    }

    [Fact]
    public async Task HugeLine_IsProtocolError_AndTheDispatcherStaysUp()
    {
        var (type, reason, _) = await ErrorOf("h1", "huge_line", "[100]");
        Assert.Equal("protocol_error", type);
        Assert.Equal("line_too_long", reason);
        var id = await _h.SubmitAsync("h1", "return", "[1]");
        Assert.Equal("{\"result\":1}", await _h.ResultAsync(id));
    }

    [Fact]
    public async Task DropMidStream_IsNetworkErrorClosed_AndPacketsAreKept()
    {
        var (type, reason, _) = await ErrorOf("h1", "drop", "[3]");
        Assert.Equal("network_error", type);
        Assert.Equal("closed", reason);
    }

    [Fact]
    public async Task CloseImmediately_IsNetworkErrorClosed()
    {
        var (type, reason, _) = await ErrorOf("h1", "close_immediately", "[]");
        Assert.Equal("network_error", type);
        Assert.Equal("closed", reason);
    }

    [Fact]
    public async Task StallBeforeAck_TimesOutAfterTheRequestTimeout()
    {
        var (type, _, error) = await ErrorOf("h1", "stall_before_ack", "[]", ",\"timeout\":1");
        Assert.Equal("timeout", type);
        Assert.Contains("acknowledgement", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task MaxExecTime_FromRequest_IsHonoured()
    {
        var (type, reason, _) = await ErrorOf("h1", "stream_sleep", "[1, 30]", ",\"max_exec_time\":1");
        Assert.Equal("timeout", type);
        Assert.Equal("max_exec_time", reason);
    }

    [Fact]
    public async Task ErrorFromDaemon_IsPassedThroughWithItsType()
    {
        var (type, _, error) = await ErrorOf("h1", "error_after_ack", "[\"read_error\",\"disk gone\"]");
        Assert.Equal("read_error", type);
        Assert.Equal("disk gone", error.GetProperty("message").GetString());
        var (noProc, _, _) = await ErrorOf("h1", "no_such_thing", "[]");
        Assert.Equal("no_such_procedure", noProc);
    }

    [Theory]
    [InlineData("error_before_ack", "parse_error")]
    [InlineData("error_before_ack", "invalid_request")]
    [InlineData("error_before_ack", "auth_error")]
    [InlineData("error_after_ack", "invalid_message")]
    [InlineData("error_after_ack", "timeout")]
    [InlineData("error_after_ack", "shutdown")]
    [InlineData("error_after_ack", "system_error")]
    public async Task EveryErrorTypeOfTheOriginalDaemon_IsPassedThrough(string procedure, string errorType)
    {
        var (type, _, error) = await ErrorOf("h1", procedure, $"[\"{errorType}\",\"from the daemon\"]");
        Assert.Equal(errorType, type);
        Assert.Equal("from the daemon", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WrongCredentials_GiveAuthError()
    {
        var (type, _, _) = await ErrorOf("wrongpass", "return", "[1]");
        Assert.Equal("auth_error", type);
    }

    [Theory]
    [InlineData("refused", "network_error", "econnrefused")]
    [InlineData("badport", "network_error", "bad_address")]
    [InlineData("nxdomain", "network_error", "nxdomain")]
    public async Task UnreachableDaemons_AreNetworkErrorsWithReason(string host, string type, string reason)
    {
        var (t, r, _) = await ErrorOf(host, "return", "[1]");
        Assert.Equal(type, t);
        Assert.Equal(reason, r);
    }
}
