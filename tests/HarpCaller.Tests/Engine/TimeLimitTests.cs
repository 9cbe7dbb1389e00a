using System.Text.Json;

namespace HarpCaller.Tests.Engine;

/// <summary>
/// Spec 1.3: <c>timeout</c> bounds the wait for each daemon message (the configured
/// <c>default_timeout</c> when absent; a request may ask for more), <c>max_exec_time</c> the whole
/// call (a request may lower the configured value, never raise it). Here the configuration says
/// 1 s and 2 s.
/// </summary>
public sealed class TimeLimitTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.StartAsync(o => o with
    {
        DefaultTimeout = TimeSpan.FromSeconds(1),
        MaxExecTime = TimeSpan.FromSeconds(2),
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<JsonElement> Outcome(string procedure, string args, string extra = "")
    {
        var id = await _h.SubmitAsync("h1", procedure, args, extra);
        return JsonDocument.Parse(await _h.ResultAsync(id)).RootElement.Clone();
    }

    [Fact]
    public async Task Without_a_timeout_the_configured_default_applies()
    {
        var error = (await Outcome("stall_before_ack", "[]")).GetProperty("error");
        Assert.Equal("timeout", error.GetProperty("type").GetString());
        Assert.Contains("acknowledgement", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_request_may_ask_for_a_longer_timeout_than_the_default()
    {
        // 1.5 s between the acknowledgement and the result: past the default, within the request's.
        Assert.Equal("\"slept\"", (await Outcome("sleep", "[1.5]", ",\"timeout\":5")).GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task The_timeout_also_bounds_the_wait_between_stream_packets()
    {
        var error = (await Outcome("stream_sleep", "[2, 30]", ",\"timeout\":1")).GetProperty("error");
        Assert.Equal("timeout", error.GetProperty("type").GetString());
        Assert.Contains("next message", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_request_cannot_raise_max_exec_time_above_the_configured_one()
    {
        var error = (await Outcome("stream_sleep", "[1, 30]", ",\"timeout\":60,\"max_exec_time\":30")).GetProperty("error");
        Assert.Equal("timeout", error.GetProperty("type").GetString());
        Assert.Equal("max_exec_time", error.GetProperty("data").GetProperty("reason").GetString());
    }
}
