using System.Text.Json;
using HarpCaller.Client.Tests.Support;
using HarpCaller.TestHarpd;

namespace HarpCaller.Client.Tests.Functional;

/// <summary>
/// A client written like the original Python harp module (tests/python/harp_client.py) against
/// our dispatcher: it must keep working unchanged (spec section 7).
/// </summary>
[Collection(DispatcherCollection.Name)]
public sealed class PythonClientTests
{
    private readonly DispatcherFixture _fixture;

    public PythonClientTests(DispatcherFixture fixture) => _fixture = fixture;

    private Task<ProcessResult> Python(params string[] args) => ProcessRunner.RunAsync(
        "python3",
        [ProcessRunner.FindRepositoryFile("tests/python/harp_client.py"), "--port", _fixture.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--socket-timeout", "30", .. args],
        TimeSpan.FromSeconds(60));

    private static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement;

    [Fact]
    public async Task Call_WithPythonStyleJson_ReturnsTheResult()
    {
        var run = await Python("call", DispatcherFixture.Host, TestHarpdProcedures.Echo, "[123456789012345678901234567890, \"caf\\u00e9\", {\"k\": [1, 2]}]", "--wait", "--info", "{\"who\": \"py\"}");

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.True(Guid.TryParse(Json(run.Lines[0]).GetProperty("job_id").GetString(), out _));
        var result = Json(run.Lines[1]).GetProperty("result");
        Assert.Equal("123456789012345678901234567890", result[0].GetRawText());
        Assert.Equal("café", result[1].GetString());
    }

    [Fact]
    public async Task ResultStatusAndFollow_WorkOnAStreamingJob()
    {
        var call = await Python("call", DispatcherFixture.Host, TestHarpdProcedures.Stream, "[4]", "--timeout", "20");
        Assert.True(call.ExitCode == 0, call.Err);
        var id = Json(call.Lines.Single()).GetProperty("job_id").GetString()!;

        var result = await Python("result", id);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, Json(result.Lines.Single()).GetProperty("result").GetInt32());

        var status = await Python("status", id);
        Assert.True(status.ExitCode == 0, status.Err);
        var reply = Json(status.Lines.Single());
        Assert.Equal("h1", reply.GetProperty("call").GetProperty("host").GetString());
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("info").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, reply.GetProperty("time").GetProperty("end").ValueKind);

        var follow = await Python("follow", id, "--since", "0");
        Assert.Equal(0, follow.ExitCode);
        Assert.Equal(["{\"data\": 0}", "{\"data\": 1}", "{\"data\": 2}", "{\"data\": 3}", "{\"result\": 4}"], follow.Lines);
    }

    [Fact]
    public async Task ResultWithoutWait_OfARunningJob_IsNotFinished_ThenCancelled()
    {
        var call = await Python("call", DispatcherFixture.Host, TestHarpdProcedures.Sleep, "[30]");
        var id = Json(call.Lines.Single()).GetProperty("job_id").GetString()!;

        var pending = await Python("result", id, "--no-wait");
        var cancel = await Python("cancel", id);
        var final = await Python("result", id);

        Assert.Equal("{\"no_result\": true}", pending.Lines.Single());
        Assert.Equal("{\"cancelled\": true}", cancel.Lines.Single());
        Assert.Equal("{\"cancelled\": true}", final.Lines.Single());
    }

    [Fact]
    public async Task FailuresAndUnknownJobs_AreRecognisedAsTheOriginalDid()
    {
        var raised = await Python("call", DispatcherFixture.Host, TestHarpdProcedures.Raise, "[\"KeyError\", \"missing\"]", "--wait");
        var unknownResult = await Python("result", Guid.NewGuid().ToString());
        var unknownFollow = await Python("follow", Guid.NewGuid().ToString());

        Assert.Equal("KeyError", Json(raised.Lines[^1]).GetProperty("exception").GetProperty("type").GetString());
        Assert.Equal("invalid_jobid", Json(unknownResult.Lines.Single()).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("invalid_jobid", Json(unknownFollow.Lines.Single()).GetProperty("error").GetProperty("type").GetString());
    }
}
