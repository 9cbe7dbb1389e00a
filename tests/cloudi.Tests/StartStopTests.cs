using System.Text;
using System.Text.Json;

namespace CloudI.Executable.Tests;

/// <summary>The runtime's life: start, status, requests, stop by command and by signal.</summary>
public sealed class StartStopTests
{
    [Fact]
    public async Task Start_serves_the_configured_services_and_stop_ends_it_with_exit_0()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs("--node=test@example"));
        string started = await runtime.WaitForLineAsync("cloudi started:");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO cloudi: cloudi started: 3 services in \d+ ms", started);

        // The socket is private.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Socket));

        var (exit, stdout, stderr) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.True(exit == 0, stderr);
        Assert.Contains("node:     test@example", stdout);
        Assert.Contains($"pid:      {runtime.Pid}", stdout);
        Assert.Contains("state:    running", stdout);
        Assert.Contains("services: 3", stdout);
        string[] rows = [.. stdout.Split('\n').Where(l => l.Contains("CloudI.TestServices.", StringComparison.Ordinal))];
        Assert.Equal(3, rows.Length);
        Assert.Matches(@"^  [0-9a-f-]{36}  CloudI\.TestServices\.Echo +/test/ +2$", rows[0]);
        Assert.Matches(@"^  [0-9a-f-]{36}  CloudI\.TestServices\.Reverse +/test/ +1$", rows[1]);
        Assert.Matches(@"^  [0-9a-f-]{36}  CloudI\.TestServices\.Forward +/test/ +1$", rows[2]);

        // The services answer requests (through the control socket's send_sync).
        List<string> replies = await Cloudi.ExchangeAsync(dir.Socket, Encoding.UTF8.GetBytes(
            "{\"command\":\"send_sync\",\"name\":\"/test/reverse\",\"request\":\"abc\"}\n"
            + "{\"command\":\"send_sync\",\"name\":\"/test/forward\",\"request\":\"via forward\"}\n"
            + "{\"command\":\"send_sync\",\"name\":\"/nobody/here\",\"timeout\":600}\n"), 3);
        Assert.Equal("cba", Reply(replies[0]).GetProperty("response").GetString());
        Assert.Equal("via forward", Reply(replies[1]).GetProperty("response").GetString());
        Assert.Equal("timeout", Reply(replies[2]).GetProperty("error").GetString());

        (exit, stdout, stderr) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}", "--json");
        Assert.Equal(0, exit);
        JsonElement json = Reply(stdout);
        Assert.Equal(runtime.Pid, json.GetProperty("pid").GetInt32());
        Assert.Equal(3, json.GetProperty("services").GetArrayLength());

        (exit, _, stderr) = await Cloudi.RunAsync("stop", $"--socket={dir.Socket}", "--timeout=20");
        Assert.True(exit == 0, stderr);
        Assert.True(runtime.HasExited, "stop returns once the runtime has exited");
        Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(Path.Exists(dir.Socket), "the socket is removed at exit");
        Assert.Contains("cloudi stopping (control socket): 3 services", runtime.Stdout);
        Assert.Contains("cloudi stopped", runtime.Stdout);

        // Last started, first stopped.
        string[] removed = [.. runtime.Stdout.Split('\n').Where(l => l.Contains(") removed", StringComparison.Ordinal))];
        Assert.Equal(3, removed.Length);
        Assert.Contains("Forward", removed[0]);
        Assert.Contains("Echo", removed[2]);

        (exit, stdout, _) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.Equal(3, exit);
        Assert.Contains("not running", stdout);
    }

    [Theory]
    [InlineData(Cloudi.SIGTERM, "SIGTERM")]
    [InlineData(Cloudi.SIGINT, "SIGINT")]
    public async Task A_stop_signal_terminates_every_service_then_exits_0(int signal, string name)
    {
        using var dir = new TestDir();
        string marker = Path.Combine(dir.Path, "terminated.txt");
        dir.WriteConfig(Configs.Services(
            Configs.Service("Echo"),
            Configs.Service("SlowStop", args: "[{terminate_ms, \"300\"}]", processes: 2)));
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs(),
            new Dictionary<string, string> { ["CLOUDI_TEST_TERMINATED"] = marker });
        await runtime.WaitForLineAsync("cloudi started: 2 services");

        Cloudi.Signal(runtime.Pid, signal);
        Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains($"cloudi stopping ({name}): 2 services", runtime.Stdout);
        Assert.Equal(["terminated shutdown", "terminated shutdown"], File.ReadAllLines(marker));
        Assert.False(Path.Exists(dir.Socket));
    }

    [Fact]
    public async Task A_stop_while_services_start_stops_what_started_and_exits_0()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Services(
            Configs.Service("Echo"),
            Configs.Service("SlowInit", args: "[{init_ms, \"1500\"}]"),
            Configs.Service("Reverse")));
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        await runtime.WaitForLineAsync("CloudI.TestServices.Echo");

        var (exit, stdout, _) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.Equal(0, exit);
        Assert.Contains("state:    starting", stdout);

        Cloudi.Signal(runtime.Pid, Cloudi.SIGTERM);
        Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("cloudi stopping (SIGTERM): 2 services", runtime.Stdout); // Echo and SlowInit
        Assert.DoesNotContain("CloudI.TestServices.Reverse", runtime.Stdout); // never started
        Assert.DoesNotContain("cloudi started", runtime.Stdout);
    }

    [Fact]
    public async Task Status_and_stop_without_a_runtime_exit_3()
    {
        using var dir = new TestDir();
        var (exit, stdout, _) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.Equal(3, exit);
        Assert.Contains($"cloudi is not running (no CloudI runtime on {dir.Socket})", stdout);

        (exit, _, string stderr) = await Cloudi.RunAsync("stop", $"--socket={dir.Socket}");
        Assert.Equal(3, exit);
        Assert.Contains("not running", stderr);
    }

    [Fact]
    public async Task The_log_file_is_written_at_the_configured_level()
    {
        using var dir = new TestDir();
        // Relative to the configuration file's directory; the directory is created.
        dir.WriteConfig(Configs.Valid("{logging, [{level, debug}, {file, \"logs/run/cloudi.log\"}]}.\n"));
        await using (CloudiProcess runtime = Cloudi.Start(dir.StartArgs()))
        {
            await runtime.WaitForLineAsync("cloudi started:");
            Cloudi.Signal(runtime.Pid, Cloudi.SIGTERM);
            Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }

        string log = Path.Combine(dir.Path, "logs/run/cloudi.log");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(log));
        string[] lines = File.ReadAllLines(log);
        Assert.Contains(lines, l => l.Contains(" INFO cloudi: cloudi started: 3 services", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" INFO cloudi: cloudi stopped", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (FATAL|ERROR|WARN|INFO|DEBUG|TRACE) \S+: ", l));

        // warn: no INFO lines, in the file or on stdout, but warnings (a stale socket replaced) are there.
        using var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix,
            System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(dir.Socket));
        dir.WriteConfig(Configs.Valid("{logging, [{level, warn}, {file, \"logs/run/cloudi.log\"}]}.\n"));
        File.Delete(log);
        await using (CloudiProcess runtime = Cloudi.Start(dir.StartArgs()))
        {
            await runtime.WaitForLineAsync("replaced the stale control socket");
            await WaitForStatusAsync(dir.Socket);
            Assert.Equal(0, (await Cloudi.RunAsync("stop", $"--socket={dir.Socket}")).Exit);
            Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            Assert.DoesNotContain(" INFO ", runtime.Stdout);
        }

        lines = File.ReadAllLines(log);
        Assert.Equal([$" WARN cloudi.control: replaced the stale control socket {dir.Socket}"], lines.Select(l => l[24..]));
    }

    [Fact]
    public async Task SIGHUP_reopens_the_log_file()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid("{logging, [{file, \"cloudi.log\"}]}.\n"));
        string log = Path.Combine(dir.Path, "cloudi.log");
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        await runtime.WaitForLineAsync("cloudi started:");
        File.Move(log, log + ".1");
        Cloudi.Signal(runtime.Pid, Cloudi.SIGHUP);
        await runtime.WaitForLineAsync("log file");
        Cloudi.Signal(runtime.Pid, Cloudi.SIGTERM);
        Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("cloudi started:", File.ReadAllText(log + ".1"));
        string reopened = File.ReadAllText(log);
        Assert.Contains("reopened", reopened);
        Assert.Contains("cloudi stopped", reopened);
    }

    internal static async Task WaitForStatusAsync(string socket)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            if ((await Cloudi.RunAsync("status", $"--socket={socket}")).Exit == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the runtime never answered status");
    }

    private static JsonElement Reply(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
