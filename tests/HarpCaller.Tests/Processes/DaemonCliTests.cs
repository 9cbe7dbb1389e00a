using System.Diagnostics;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Processes;

/// <summary>harpcallerd's command line as a real process: option forms, exit codes, pidfile.</summary>
public sealed class DaemonCliTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepoPaths.Harpcallerd);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task InvalidConfig_ExitsWith1_NamingFileLineAndKey()
    {
        using var dir = new TempDirectory();
        var config = dir.File("bad.toml");
        await File.WriteAllTextAsync(config, "listen = [\"127.0.0.1:0\"]\n\ndefault_timeout = -5\n");
        var (code, _, err) = await RunAsync("--socket", dir.File("control"), "start", "--config", config);
        Assert.Equal(1, code);
        Assert.Contains($"{config}:3", err);
        Assert.Contains("default_timeout", err);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageError_Exit2()
    {
        var (code, _, err) = await RunAsync("start", "--no-such-option");
        Assert.Equal(2, code);
        Assert.NotEmpty(err);
    }

    [Fact]
    public async Task MissingCommand_IsAUsageError_Exit2()
    {
        var (code, _, _) = await RunAsync();
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Start_WithSpaceSeparatedOptions_WritesPidfileAndServes()
    {
        await using var h = await ProcessHarness.CreateAsync();
        var pidfile = h.Dir.File("run/harpcallerd.pid");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { RepoPaths.Harpcallerd, "--socket", h.Dir.File("control"), "start", "--config", h.ConfigPath, "--pidfile", pidfile, "--debug" })
        {
            info.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        try
        {
            var server = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, h.Port);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string? reply = null;
            while (reply is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "daemon did not start");
                try { reply = await RequestAsync(server, Call("h1", "return", "[\"cli\"]")); }
                catch (System.Net.Sockets.SocketException) { await Task.Delay(100); }
            }
            Assert.Equal(process.Id.ToString(), (await File.ReadAllTextAsync(pidfile)).Trim());
            var id = JobIdOf(reply);
            Assert.Equal("{\"result\":\"cli\"}", await RequestAsync(server, $"{{\"harpcaller\":1,\"get_result\":\"{id}\"}}"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
    [Fact]
    public async Task Start_WithDebug_PrintsStartUpProgress_EvenWithoutAStdoutLogHandler()
    {
        await using var h = await ProcessHarness.CreateAsync();
        var config = h.Dir.File("quiet.toml");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(h.ConfigPath))
            .Replace("log_handlers = [\"harpcaller_stdout_h\"]", "log_handlers = []", StringComparison.Ordinal));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { RepoPaths.Harpcallerd, "--socket", h.Dir.File("control"), "start", "--config", config, "--debug" })
        {
            info.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        try
        {
            var lines = new List<string>();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await process.StandardError.ReadLineAsync(bound.Token) is { } line)
            {
                lines.Add(line);
                if (line.EndsWith("start-up: ready", StringComparison.Ordinal)) break;
            }
            Assert.Contains(lines, l => l.StartsWith("harpcallerd: start-up: configuration loaded from ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("harpcallerd: start-up: control socket on ", StringComparison.Ordinal));
            Assert.Equal("harpcallerd: start-up: ready", lines[^1]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
