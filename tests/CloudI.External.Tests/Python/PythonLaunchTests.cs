using System.Diagnostics;
using System.Text.Json;
using CloudI.Configuration;
using CloudI.Transactions;
using Microsoft.Extensions.Logging;

namespace CloudI.External.Tests.Python;

/// <summary>
/// How a Python service is launched and what it sees: the replaced environment, argv quoting,
/// stdout/stderr in the runtime log, the 1.5.3 wire layout; and the library's own unit tests.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class PythonLaunchTests
{
    private static readonly string[] s_apiInit =
    [
        "CLOUDI_API_INIT_THREAD_COUNT", "CLOUDI_API_INIT_PROTOCOL", "CLOUDI_API_INIT_BUFFER_SIZE",
        "CLOUDI_API_INIT_TIMEOUT_INITIALIZE", "CLOUDI_API_INIT_TIMEOUT_TERMINATE", "CLOUDI_API_INIT_PROCESS_INDEX",
        "CLOUDI_API_INIT_PROCESS_COUNT_MAX", "CLOUDI_API_INIT_PROCESS_COUNT_MIN",
    ];

    [Fact]
    public async Task TheLibraryPassesItsUnitTests()
    {
        using var process = Process.Start(new ProcessStartInfo(PythonRuntime.Python, [PythonRuntime.Script("test_cloudi_spec.py")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(PythonRuntime.Limit);
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        Assert.Contains("OK", await stderr);
    }

    [Fact]
    public async Task TheChildSeesExactlyTheConfiguredEnvironmentPlusApiInit()
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/", threads: 2, env:
        [
            new("FOO", "bar"),
            new("EMPTY", ""),
            new("REF", "${CLOUDI_API_INIT_THREAD_COUNT}x"),
            new("CLOUDI_API_INIT_PROTOCOL", "bogus"), // replaced by the runtime's value
        ]));
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PATH")));

        JsonElement env = (await rt.CmdAsync("/py/cmd", new { op = "info" })).GetProperty("env");
        var names = env.EnumerateObject().Select(p => p.Name).Where(n => n != "LC_CTYPE").ToHashSet();
        Assert.Equal(new[] { "FOO", "REF" }.Concat(s_apiInit).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal("bar", env.GetProperty("FOO").GetString());
        Assert.Equal("2x", env.GetProperty("REF").GetString());
        Assert.Equal("local", env.GetProperty("CLOUDI_API_INIT_PROTOCOL").GetString());
        Assert.Equal("2", env.GetProperty("CLOUDI_API_INIT_THREAD_COUNT").GetString());
        Assert.Equal("65536", env.GetProperty("CLOUDI_API_INIT_BUFFER_SIZE").GetString());
    }

    [Fact]
    public async Task ArgvIsSplitAndUnquotedAsSpecified()
    {
        await using var rt = new PythonRuntime();
        string script = PythonRuntime.Script("spec_service.py");
        await rt.AddAsync(PythonRuntime.Service("/py/",
            args: $"   '{script}' plain \"two words\"  a\"b c\"d 'x y' `tick q` \\$lit ${{CLOUDI_API_INIT_PROCESS_INDEX}}"));
        JsonElement argv = (await rt.CmdAsync("/py/cmd", new { op = "info" })).GetProperty("argv");
        Assert.Equal([script, "plain", "two words", "ab cd", "x y", "tick q", "$lit", "0"],
            argv.EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task StdoutAndStderrLinesReachTheRuntimeLog()
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(PythonRuntime.Service("/py/"));
        int pid = (await rt.OsPidAsync("/py/cmd"))!.Value;
        await rt.CmdAsync("/py/cmd", new { op = "print", stdout = new[] { "hello out", "second" }, stderr = new[] { "hello err" } });
        await rt.WaitUntilAsync(() => rt.Logs.Contains(e => e.Message == $"(STDOUT:{pid}) second")
            && rt.Logs.Contains(e => e.Message == $"(STDERR:{pid}) hello err"), "the output lines");
        Assert.Contains(rt.Logs.Entries, e => e.Level == LogLevel.Information && e.Message == $"(STDOUT:{pid}) hello out");
        Assert.Contains(rt.Logs.Entries, e => e.Level == LogLevel.Error && e.Message == $"(STDERR:{pid}) hello err");
    }

    [Fact]
    public async Task With20LibrariesTheRuntimeAdjustsTheTimeoutOfAForwardOrReturn()
    {
        // 2.0.x (spec §6.3): request_timeout_adjustment is the runtime's job. The library forwards
        // with the timeout it was given, after 300 ms of work: the next hop gets it minus those
        // 300 ms and the 100 ms forward penalty.
        await using var rt = new PythonRuntime();
        await rt.AddAsync(CsServices.Config());
        var options = ServiceOptions.Default with { RequestTimeoutAdjustment = true };
        await rt.AddAsync(PythonRuntime.Service("/adj/", options: options));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { hops = new[] { "/cs/end" }, sleep = 300 });
        string trail = (await rt.Context.SendSync("/adj/fwd", default, body, 3000)).ResponseText;
        int atCs = JsonDocument.Parse(trail).RootElement.GetProperty("trail")[1].GetProperty("timeout").GetInt32();
        Assert.InRange(atCs, 1500, 2600); // 3000 − ≥300 spent − 100; without the adjustment 2900
    }

    [Theory]
    [InlineData(ExternalProtocol.Local)]
    [InlineData(ExternalProtocol.Udp)]
    public async Task The153LayoutIsReadAndTheLibraryAdjustsTimeouts(ExternalProtocol protocol)
    {
        await using var rt = new PythonRuntime();
        await rt.AddAsync(CsServices.Config());
        var options = ServiceOptions.Default with { ApiVersion = "1.5.3", RequestTimeoutAdjustment = true, PriorityDefault = -1 };
        await rt.AddAsync(PythonRuntime.Service("/old/", protocol, threads: 2, options: options,
            env: [new("CLOUDI_SPEC_API_VERSION", "1.5.3")]));

        JsonElement info = await rt.CmdAsync("/old/p0t1/cmd", new { op = "info" });
        JsonElement init = info.GetProperty("init");
        Assert.Equal("1.5.3", info.GetProperty("accessors").GetProperty("api_version").GetString());
        Assert.Equal("/old/", init.GetProperty("prefix").GetString());
        Assert.Equal(2000, init.GetProperty("timeout_terminate").GetInt32()); // not reduced by 500
        Assert.Equal(-1, init.GetProperty("priority_default").GetInt32());
        Assert.True(init.GetProperty("request_timeout_adjustment").GetBoolean());
        Assert.False(init.TryGetProperty("bind", out _));
        Assert.Equal("x", (await rt.Context.SendSync("/old/echo", "x", 2000)).ResponseText);

        // The library (not the runtime) takes the 200 ms spent off the unchanged timeout it forwards.
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { hops = new[] { "/cs/end" }, sleep = 200 });
        string trail = (await rt.Context.SendSync("/old/fwd", default, body, 2000)).ResponseText;
        int atCs = JsonDocument.Parse(trail).RootElement.GetProperty("trail")[1].GetProperty("timeout").GetInt32();
        Assert.InRange(atCs, 1200, 1700); // 2000 − ≥200 spent − 100 per hop

        // A null response above the threshold is delivered in 1.5.3 as well.
        var watch = Stopwatch.StartNew();
        Assert.Equal("timeout", (await rt.Context.SendSync("/old/null", "20001", 6000)).Error);
        Assert.True(watch.ElapsedMilliseconds < 4000, $"{watch.ElapsedMilliseconds} ms"); // not the sender's 6 s
        TransId sent = (await rt.Context.SendAsync("/old/ret", "r", 2000)).Value;
        Assert.Equal("async:r", (await rt.Context.RecvAsync(2000, sent)).ResponseText);
    }
}
