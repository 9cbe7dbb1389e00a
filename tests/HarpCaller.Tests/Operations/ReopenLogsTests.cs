namespace HarpCaller.Tests.Operations;

/// <summary><c>reopen-logs</c> with <c>[erlang] log_file</c>, the logrotate way: rename, reopen, log again.</summary>
public sealed class ReopenLogsTests
{
    private const UnixFileMode Mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private static string Read(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task ReopenLogs_AfterTheFileWasRenamed_LogsGoToANewFileAtThePath()
    {
        await using var h = await OpsHarness.CreateAsync();
        var log = h.Dir.File("harpcallerd.log");
        await File.AppendAllTextAsync(h.ConfigPath, $"\n[erlang]\nlog_file = \"{log}\"\n");
        var daemon = await h.StartDaemonAsync();

        await Poll.UntilAsync(() => Read(log).Contains("harpcallerd started", StringComparison.Ordinal), "the start-up line in the log file",
            state: () => Read(log));
        Assert.Equal(Mode0640, File.GetUnixFileMode(log));

        var rotated = log + ".1";
        File.Move(log, rotated);
        var r = await h.Cli("reopen-logs");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("", r.Out);
        Assert.Equal("", r.Err);
        Assert.True(File.Exists(log), "reopen-logs did not open the path again");
        Assert.Equal(Mode0640, File.GetUnixFileMode(log));

        r = await h.Cli("reload");
        Assert.True(r.Code == 0, r.ToString());
        await Poll.UntilAsync(() => Read(log).Contains("reload", StringComparison.Ordinal), "the reload in the new log file",
            state: () => $"new file: {Read(log)}\nrotated file: {Read(rotated)}");

        var old = Read(rotated);
        Assert.Contains("harpcallerd started", old);
        Assert.DoesNotContain("reload", old);
        Assert.DoesNotContain("harpcallerd started", Read(log));
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task Cancel_AControlCommandThatChangesState_IsInTheLogFile()
    {
        await using var h = await OpsHarness.CreateAsync();
        var log = h.Dir.File("harpcallerd.log");
        await File.AppendAllTextAsync(h.ConfigPath, $"\n[erlang]\nlog_file = \"{log}\"\n");
        await h.StartDaemonAsync();
        var id = await h.SubmitAsync("sleep", "[60]");
        await h.WaitStartedAsync(id);

        var r = await h.Cli("cancel", id);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Equal("{\"cancelled\":true}", await h.ResultAsync(id));
        // A later event in the file shows the writer got past the cancel.
        r = await h.Cli("reload");
        Assert.True(r.Code == 0, r.ToString());
        await Poll.UntilAsync(() => Read(log).Contains("reload", StringComparison.Ordinal), "the reload in the log file", state: () => Read(log));
        Assert.Contains(id, Read(log));
    }
}
