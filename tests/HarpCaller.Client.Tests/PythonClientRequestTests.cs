using System.Globalization;
using HarpCaller.Client.Tests.Support;

namespace HarpCaller.Client.Tests;

/// <summary>
/// The Python client's requests as a scripted peer sees them: they must have the original client's
/// shape (json.dumps separators, info and wait always sent), or the functional tests against our
/// dispatcher would prove less than they claim.
/// </summary>
public sealed class PythonClientRequestTests
{
    private static Task<ProcessResult> Python(ScriptedDispatcher fake, params string[] args) => ProcessRunner.RunAsync(
        "python3",
        [ProcessRunner.FindRepositoryFile("tests/python/harp_client.py"), "--port", fake.Port.ToString(CultureInfo.InvariantCulture), "--socket-timeout", "10", .. args],
        TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Call_SendsJsonDumpsSeparators_AndAlwaysInfo()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"job_id\":\"J\"}");

        var run = await Python(fake, "call", "h1", "echo", "[1, 123456789012345678901234567890]");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "{\"host\": \"h1\", \"procedure\": \"echo\", \"arguments\": [1, 123456789012345678901234567890], \"info\": null, \"harpcaller\": 1}",
            Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Result_AlwaysSendsWait()
    {
        await using var fake = ScriptedDispatcher.Replying("{\"no_result\":true}");

        var run = await Python(fake, "result", "J", "--no-wait");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("{\"get_result\": \"J\", \"wait\": false, \"harpcaller\": 1}", Assert.Single(fake.Requests));
    }

    [Fact]
    public async Task Follow_TakesTheFirstNonPacketLineAsTheResult_AndEndOfFileQuietly()
    {
        await using (var fake = ScriptedDispatcher.Replying("{\"packet\":0,\"data\":\"a\"}", "{\"cancelled\":true}", "{\"packet\":1,\"data\":\"b\"}"))
        {
            var run = await Python(fake, "follow", "J");
            Assert.Equal(["{\"data\": \"a\"}", "{\"cancelled\": true}"], run.Lines);
        }

        await using (var fake = ScriptedDispatcher.Replying("{\"packet\":0,\"data\":\"a\"}"))
        {
            var run = await Python(fake, "follow", "J");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(["{\"data\": \"a\"}", "{\"eof\": true}"], run.Lines);
        }
    }
}
