using HarpCaller.Cli;
using HarpCaller.Client.Tests.Support;

namespace HarpCaller.Client.Tests;

/// <summary>The harp CLI in-process: argument parsing, output lines and exit codes.</summary>
public sealed class CliTests
{
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(20);

    private static async Task<(int Code, string Out, string Err)> RunCliAsync(string? env, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new HarpCli(new CliContext(output, error, name => name == HarpCli.ServerVariable ? env : null));
        var code = await cli.InvokeAsync(args, handleTermination: false, CancellationToken.None).WaitAsync(TestBound);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<(int Code, string Out, string Err)> RunAsync(ScriptedDispatcher fake, params string[] args) =>
        RunCliAsync(null, ["--server", $"127.0.0.1:{fake.Port}", .. args]);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Call_AcceptsEqualsAndSpaceSeparatedOptionValuesAlike()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"job_id\":\"J1\"}");

        var spaced = await RunAsync(fake, "call", "h", "p", "[1]", "--queue", "{\"q\":1}", "--concurrency", "2", "--timeout", "30", "--max-exec-time", "1.5", "--info", "\"x\"");
        var equals = await RunAsync(fake, "call", "h", "p", "[1]", "--queue={\"q\":1}", "--concurrency=2", "--timeout=30", "--max-exec-time=1.5", "--info=\"x\"");

        Assert.Equal(0, spaced.Code);
        Assert.Equal(0, equals.Code);
        Assert.Equal("{\"job_id\":\"J1\"}", Assert.Single(Lines(spaced.Out)));
        var requests = fake.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(
            "{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[1],\"timeout\":30,\"max_exec_time\":1.5,\"queue\":{\"name\":{\"q\":1},\"concurrency\":2},\"info\":\"x\"}",
            requests[0]);
        Assert.Equal(requests[0], requests[1]);
    }

    [Fact]
    public async Task Call_AcceptsServerOptionAfterTheSubcommand()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"job_id\":\"J1\"}");

        var (code, _, _) = await RunCliAsync(null, "call", "h", "p", $"--server={"127.0.0.1"}:{fake.Port}");

        Assert.Equal(0, code);
        Assert.Equal("{\"harpcaller\":1,\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Call_PassesA30DigitIntegerThroughUnchanged()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"job_id\":\"J1\"}");

        await RunAsync(fake, "call", "h", "p", "{\"n\": 123456789012345678901234567890}");

        Assert.Contains("\"arguments\":{\"n\":123456789012345678901234567890}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Call_WithWait_PrintsJobIdThenResult_AndExitsWithTheOutcomesCode()
    {
        await using var fake = ScriptedDispatcher.Start(async c =>
        {
            var request = await c.ReadRequestAsync();
            await c.WriteLineAsync(request.Contains("get_result") ? "{\"exception\":{\"type\":\"E\",\"message\":\"m\"}}" : "{\"job_id\":\"J1\"}");
        });

        var (code, output, _) = await RunAsync(fake, "call", "h", "p", "--wait");

        Assert.Equal(ExitCodes.JobFailed, code);
        Assert.Equal(["{\"job_id\":\"J1\"}", "{\"exception\":{\"type\":\"E\",\"message\":\"m\"}}"], Lines(output));
        Assert.Equal("{\"harpcaller\":1,\"get_result\":\"J1\",\"wait\":true}", fake.Requests.ToArray()[1]);
    }

    [Theory]
    [InlineData("[1")]
    [InlineData("5")]
    [InlineData("\"text\"")]
    public async Task Call_ExitsWithUsage_ForInvalidArgsJson(string args)
    {
        var (code, output, error) = await RunCliAsync(null, "--server", "127.0.0.1:1", "call", "h", "p", args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("ARGS-JSON", error);
    }

    [Theory]
    [InlineData("call", "h", "p", "--queue", "[1]")]
    [InlineData("call", "h", "p", "--concurrency", "2")]
    [InlineData("call", "h", "p", "--queue", "{}", "--concurrency", "0")]
    [InlineData("call", "h", "p", "--timeout", "0")]
    [InlineData("call", "h", "p", "--timeout=-3")]
    [InlineData("call", "h", "p", "--max-exec-time", "soon")]
    [InlineData("call", "h", "p", "--info", "{bad")]
    [InlineData("call", "h")]
    [InlineData("follow", "J", "--since", "1", "--recent", "2")]
    [InlineData("follow", "J", "--since", "-1")]
    [InlineData("status")]
    [InlineData("frobnicate")]
    [InlineData]
    [InlineData("--server", "host:99999", "status", "J")]
    [InlineData("--server", "[::1", "status", "J")]
    public async Task InvalidCommandLines_ExitWithUsage_WithoutContactingTheDispatcher(params string[] args)
    {
        await using var fake = ScriptedDispatcher.Replying("{\"job_id\":\"J\"}");
        var withServer = args.Contains("--server") ? args : ["--server", $"127.0.0.1:{fake.Port}", .. args];

        var (code, output, error) = await RunCliAsync(null, withServer);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.NotEmpty(error);
        Assert.Equal(0, fake.ConnectionCount);
    }

    [Fact]
    public async Task Help_ListsTheExitCodes_AndExitsZero()
    {
        var (code, output, _) = await RunCliAsync(null, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Exit codes", output);
        Assert.Contains("4 unknown job id", output);
    }

    [Fact]
    public async Task Server_IsTakenFromTheEnvironment_WhenNoOptionIsGiven()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"cancelled\":true}");

        var (code, output, _) = await RunCliAsync($"127.0.0.1:{fake.Port}", "cancel", "J");

        Assert.Equal(0, code);
        Assert.Equal("{\"cancelled\":true}", output.Trim());
    }

    [Theory]
    [InlineData("{\"result\":[1,2]}", ExitCodes.Success)]
    [InlineData("{\"exception\":{\"type\":\"E\",\"message\":\"m\"}}", ExitCodes.JobFailed)]
    [InlineData("{\"error\":{\"type\":\"timeout\",\"message\":\"m\"}}", ExitCodes.JobFailed)]
    [InlineData("{\"cancelled\":true}", ExitCodes.JobFailed)]
    [InlineData("{\"no_result\":true}", ExitCodes.NotFinished)]
    [InlineData("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}", ExitCodes.UnknownJob)]
    public async Task Result_PrintsTheOutcome_AndMapsItToAnExitCode(string reply, int expected)
    {
        await using var fake = ScriptedDispatcher.Replying(reply);

        var (code, output, _) = await RunAsync(fake, "result", "J");

        Assert.Equal(expected, code);
        Assert.Equal(reply, output.Trim());
        Assert.Equal("{\"harpcaller\":1,\"get_result\":\"J\",\"wait\":false}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Result_WithWait_SendsWaitTrue()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"result\":1}");

        await RunAsync(fake, "result", "J", "--wait");

        Assert.Equal("{\"harpcaller\":1,\"get_result\":\"J\",\"wait\":true}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Status_PrintsTheStatus_OrExitsWithUnknownJob()
    {
        const string Status = "{\"call\":{\"host\":\"h\",\"procedure\":\"p\",\"arguments\":[]},\"time\":{\"submit\":1,\"start\":2,\"end\":null},\"info\":null}";
        await using (var fake = ScriptedDispatcher.Replying(Status))
        {
            var (code, output, _) = await RunAsync(fake, "status", "J");
            Assert.Equal(0, code);
            Assert.Equal(Status, output.Trim());
        }

        await using (var fake = ScriptedDispatcher.Replying("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}"))
        {
            var (code, output, _) = await RunAsync(fake, "status", "J");
            Assert.Equal(ExitCodes.UnknownJob, code);
            Assert.Equal("{\"error\":{\"type\":\"invalid_jobid\",\"message\":\"no job with this ID\"}}", output.Trim());
        }
    }

    [Fact]
    public async Task Follow_PrintsEveryLine_AndSendsRecent()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"packet\":8,\"data\":\"x\"}", "{\"packet\":9,\"data\":\"y\"}", "{\"result\":0}");

        var (code, output, _) = await RunAsync(fake, "follow", "J", "--recent=2");

        Assert.Equal(0, code);
        Assert.Equal(["{\"packet\":8,\"data\":\"x\"}", "{\"packet\":9,\"data\":\"y\"}", "{\"result\":0}"], Lines(output));
        Assert.Equal("{\"harpcaller\":1,\"follow_stream\":\"J\",\"recent\":2}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Read_ExitsNotFinished_WhenTheJobIsStillGoing()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"continue\":true}");

        var (code, output, _) = await RunAsync(fake, "read", "J");

        Assert.Equal(ExitCodes.NotFinished, code);
        Assert.Equal("{\"continue\":true}", output.Trim());
    }

    [Fact]
    public async Task Cancel_ExitsNotFinished_WhenNothingWasCancelled()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"cancelled\":false}");

        var (code, output, _) = await RunAsync(fake, "cancel", "J");

        Assert.Equal(ExitCodes.NotFinished, code);
        Assert.Equal("{\"cancelled\":false}", output.Trim());
    }

    [Fact]
    public async Task UnreachableDispatcher_ExitsUnavailable_WithAMessage()
    {
        var (code, output, error) = await RunCliAsync(null, "--server", "127.0.0.1:1", "status", "J");

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Empty(output);
        Assert.Contains("Cannot connect", error);
    }

    [Fact]
    public async Task GarbageReply_ExitsUnavailable()
    {
        await using var fake = ScriptedDispatcher.Replying("garbage");

        var (code, _, error) = await RunAsync(fake, "result", "J");

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Contains("Malformed reply", error);
    }

    [Fact]
    public async Task RejectedRequest_ExitsUsage_AndPrintsTheDispatchersError()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"error\":{\"type\":\"invalid_request\",\"message\":\"bad id\"}}");

        var (code, output, _) = await RunAsync(fake, "cancel", "not-a-uuid");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("{\"error\":{\"type\":\"invalid_request\",\"message\":\"bad id\"}}", output.Trim());
    }

    [Theory]
    [InlineData("127.0.0.1:3502", "127.0.0.1", 3502)]
    [InlineData("dispatcher.example.net:4000", "dispatcher.example.net", 4000)]
    [InlineData("localhost", "localhost", 3502)]
    [InlineData("[::1]:3600", "::1", 3600)]
    [InlineData("[::1]", "::1", 3502)]
    [InlineData("::1", "::1", 3502)]
    public void ServerAddress_ParsesTheAcceptedForms(string text, string host, int port)
    {
        Assert.True(ServerAddress.TryParse(text, out var address, out _));
        Assert.Equal(new ServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":3502")]
    [InlineData("h:0")]
    [InlineData("h:x")]
    [InlineData("[::1]x")]
    public void ServerAddress_RejectsMalformedForms(string text)
    {
        Assert.False(ServerAddress.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void ExitCodes_MapEveryOutcomeKind()
    {
        Assert.Equal(ExitCodes.Success, ExitCodes.ForOutcome(new ResultOutcome(default)));
        Assert.Equal(ExitCodes.JobFailed, ExitCodes.ForOutcome(new ExceptionOutcome("t", "m", null)));
        Assert.Equal(ExitCodes.JobFailed, ExitCodes.ForOutcome(new ErrorOutcome("network_error", "m", null)));
        Assert.Equal(ExitCodes.UnknownJob, ExitCodes.ForOutcome(new ErrorOutcome("invalid_jobid", "m", null)));
        Assert.Equal(ExitCodes.JobFailed, ExitCodes.ForOutcome(CancelledOutcome.Instance));
        Assert.Equal(ExitCodes.NotFinished, ExitCodes.ForOutcome(NoResultOutcome.Instance));
        Assert.Equal(ExitCodes.NotFinished, ExitCodes.ForOutcome(ContinueOutcome.Instance));
        Assert.Equal(ExitCodes.Unavailable, ExitCodes.ForException(new HarpCallerException(HarpCallerFailure.Timeout, "t")));
        Assert.Equal(ExitCodes.UnknownJob, ExitCodes.ForException(new HarpCallerException("invalid_jobid", "m", null)));
        Assert.Equal(ExitCodes.Usage, ExitCodes.ForException(new HarpCallerException("invalid_request", "m", null)));
    }
}
