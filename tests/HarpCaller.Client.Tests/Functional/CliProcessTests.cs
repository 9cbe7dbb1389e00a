using HarpCaller.Cli;
using HarpCaller.Client.Tests.Support;
using HarpCaller.TestHarpd;

namespace HarpCaller.Client.Tests.Functional;

/// <summary>The harp CLI as a real process against the real dispatcher: output lines and exit codes.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class CliProcessTests
{
    private readonly DispatcherFixture _fixture;

    public CliProcessTests(DispatcherFixture fixture) => _fixture = fixture;

    private Task<ProcessResult> Harp(params string[] args) => ProcessRunner.RunHarpAsync(["--server", _fixture.Server, .. args]);

    [Fact]
    public async Task CallWithWait_PrintsJobIdThenResult_AndExitsZero()
    {
        var run = await Harp("call", DispatcherFixture.Host, TestHarpdProcedures.Echo, "[123456789012345678901234567890]", "--wait", "--info={\"by\":\"cli\"}");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Err);
        Assert.Equal(2, run.Lines.Length);
        Assert.StartsWith("{\"job_id\":\"", run.Lines[0]);
        Assert.Equal("{\"result\":[123456789012345678901234567890]}", run.Lines[1]);
    }

    [Fact]
    public async Task CallThenStatusResultFollowRead_WorkOnTheSameJob()
    {
        var call = await Harp("call", DispatcherFixture.Host, TestHarpdProcedures.Stream, "[3]", "--timeout", "20");
        Assert.True(call.ExitCode == ExitCodes.Success, call.Err);
        var id = System.Text.Json.JsonDocument.Parse(call.Lines.Single()).RootElement.GetProperty("job_id").GetString()!;

        var result = await Harp("result", id, "--wait");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("{\"result\":3}", result.Lines.Single());

        var status = await Harp("status", id);
        Assert.Equal(ExitCodes.Success, status.ExitCode);
        Assert.StartsWith("{\"call\":{\"host\":\"h1\",\"procedure\":\"stream\",\"arguments\":[3]},\"time\":{\"submit\":", status.Lines.Single());

        var follow = await Harp("follow", id, "--since=1");
        Assert.Equal(ExitCodes.Success, follow.ExitCode);
        Assert.Equal(3, follow.Lines.Length);
        Assert.StartsWith("{\"packet\":1,\"data\":1", follow.Lines[0]);
        Assert.Equal("{\"result\":3}", follow.Lines[^1]);

        var read = await Harp("read", id);
        Assert.Equal(ExitCodes.Success, read.ExitCode);
        Assert.Equal(4, read.Lines.Length);

        var cancel = await Harp("cancel", id);
        Assert.Equal(ExitCodes.NotFinished, cancel.ExitCode);
        Assert.Equal("{\"cancelled\":false}", cancel.Lines.Single());
    }

    [Fact]
    public async Task FailedJob_ExitsOne_AndStillPrintsTheOutcome()
    {
        var run = await Harp("call", DispatcherFixture.Host, TestHarpdProcedures.Raise, "[\"E\",\"m\"]", "--wait");

        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Assert.Equal("{\"exception\":{\"type\":\"E\",\"message\":\"m\"}}", run.Lines[^1]);
    }

    [Fact]
    public async Task UnknownJob_ExitsFour()
    {
        var id = Guid.NewGuid().ToString();

        var result = await Harp("result", id);
        var status = await Harp("status", id);

        Assert.Equal(ExitCodes.UnknownJob, result.ExitCode);
        Assert.Equal(ExitCodes.UnknownJob, status.ExitCode);
        Assert.Contains("invalid_jobid", status.Out);
    }

    [Fact]
    public async Task RunningJob_ResultWithoutWaitExitsFive_AndCancelExitsZero()
    {
        var call = await Harp("call", DispatcherFixture.Host, TestHarpdProcedures.Sleep, "[30]");
        var id = System.Text.Json.JsonDocument.Parse(call.Lines.Single()).RootElement.GetProperty("job_id").GetString()!;

        var pending = await Harp("result", id);
        var cancel = await Harp("cancel", id);
        var final = await Harp("result", id, "--wait");

        Assert.Equal(ExitCodes.NotFinished, pending.ExitCode);
        Assert.Equal("{\"no_result\":true}", pending.Lines.Single());
        Assert.Equal(ExitCodes.Success, cancel.ExitCode);
        Assert.Equal(ExitCodes.JobFailed, final.ExitCode);
        Assert.Equal("{\"cancelled\":true}", final.Lines.Single());
    }

    [Fact]
    public async Task ServerFromEnvironment_IsUsed()
    {
        var run = await ProcessRunner.RunHarpAsync(["status", Guid.NewGuid().ToString()], new Dictionary<string, string?> { ["HARP_SERVER"] = _fixture.Server });

        Assert.Equal(ExitCodes.UnknownJob, run.ExitCode);
    }

    [Fact]
    public async Task InvalidArgsJson_ExitsTwo()
    {
        var run = await Harp("call", DispatcherFixture.Host, TestHarpdProcedures.Echo, "[1,");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task UnreachableDispatcher_ExitsThree()
    {
        var run = await ProcessRunner.RunHarpAsync(["--server", "127.0.0.1:1", "status", Guid.NewGuid().ToString()]);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Contains("Cannot connect", run.Err);
    }
}
