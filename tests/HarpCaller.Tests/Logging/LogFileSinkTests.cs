using HarpCaller.Logging;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Logging;

public sealed class LogFileSinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 19, 2, 12, 345, TimeSpan.Zero));
    private readonly StringWriter _stderr = new();

    private static bool All(string category, LogLevel level) => true;

    private LogFileProvider Provider(string path, Func<string, LogLevel, bool>? filter = null) =>
        new(path, filter ?? All, new LogQueueOptions { TimeProvider = _clock, Error = _stderr });

    [Fact]
    public void Lines_are_appended_in_the_human_readable_layout()
    {
        var path = _dir.File("erlang.log");
        File.WriteAllText(path, "from before\n");
        using (var provider = Provider(path))
        {
            var logger = provider.CreateLogger("harpcallerd");
            logger.LogInformation("harpcallerd started, clients on {Endpoints}", "*:3502");
            logger.LogWarning(new InvalidOperationException("boom"), "line one\nline two");
        }

        Assert.Equal(
            "from before\n" +
            "2026-11-30T19:02:12.345Z info  harpcallerd: harpcallerd started, clients on *:3502\n" +
            "2026-11-30T19:02:12.345Z warn  harpcallerd: line one\\nline two: System.InvalidOperationException: boom\n",
            File.ReadAllText(path));
    }

    [Fact]
    public void The_file_is_created_0640_in_a_directory_created_if_missing()
    {
        var path = Path.Combine(_dir.Path, "var", "log", "harpcaller", "erlang.log");
        using var provider = Provider(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(path, provider.Path);
    }

    [Fact]
    public void Lines_arrive_without_disposal()
    {
        var path = _dir.File("erlang.log");
        using var provider = Provider(path);
        provider.CreateLogger("c").LogError("first");
        Eventually.True(() => Eventually.ReadShared(path).EndsWith("error c: first\n", StringComparison.Ordinal), "the line in the file");
    }

    [Fact]
    public void Reopen_after_a_rename_writes_to_a_fresh_file_at_the_path()
    {
        var path = _dir.File("erlang.log");
        using var provider = Provider(path);
        var logger = provider.CreateLogger("c");
        logger.LogWarning("before rotation");
        Eventually.True(() => Eventually.ReadShared(path).Contains("before rotation", StringComparison.Ordinal), "the first line");

        File.Move(path, path + ".1");
        provider.Reopen();
        Assert.True(File.Exists(path));
        logger.LogWarning("after rotation");
        Eventually.True(() => Eventually.ReadShared(path).Contains("after rotation", StringComparison.Ordinal), "the line in the new file");

        Assert.DoesNotContain("before rotation", Eventually.ReadShared(path), StringComparison.Ordinal);
        Assert.DoesNotContain("after rotation", Eventually.ReadShared(path + ".1"), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_reopen_that_cannot_open_keeps_the_old_file()
    {
        var directory = Path.Combine(_dir.Path, "logs");
        var path = Path.Combine(directory, "erlang.log");
        using var provider = Provider(path);
        File.Move(path, _dir.File("rotated.log"));
        Directory.Delete(directory);
        File.WriteAllText(directory, "a file where the directory was");

        Assert.ThrowsAny<IOException>(provider.Reopen);
        provider.CreateLogger("c").LogWarning("still logged");
        Eventually.True(() => Eventually.ReadShared(_dir.File("rotated.log")).Contains("still logged", StringComparison.Ordinal), "the line in the old file");
    }

    [Fact]
    public void The_filter_decides_per_category_and_level()
    {
        var path = _dir.File("erlang.log");
        using (var provider = Provider(path, (category, level) => category == "keep" && level >= LogLevel.Information))
        {
            Assert.False(provider.CreateLogger("keep").IsEnabled(LogLevel.Debug));
            provider.CreateLogger("keep").LogDebug("keep debug");
            provider.CreateLogger("keep").LogInformation("keep info");
            provider.CreateLogger("other").LogCritical("other critical");
        }

        var line = Assert.Single(File.ReadAllLines(path));
        Assert.EndsWith("info  keep: keep info", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_writes_everything_queued()
    {
        var path = _dir.File("erlang.log");
        const int Count = 5000;
        using (var provider = Provider(path))
        {
            var logger = provider.CreateLogger("c");
            for (var i = 0; i < Count; i++) logger.LogWarning("line {I}", i);
            Assert.Equal(0, provider.DroppedLines);
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(Count, lines.Length);
        Assert.EndsWith("line 4999", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Logging_after_dispose_is_harmless()
    {
        var path = _dir.File("erlang.log");
        var provider = Provider(path);
        var logger = provider.CreateLogger("c");
        provider.Dispose();
        logger.LogWarning("late");
        Assert.Throws<ObjectDisposedException>(provider.Reopen);
        Assert.Equal(string.Empty, File.ReadAllText(path));
        Assert.Equal(string.Empty, _stderr.ToString());
    }

    public void Dispose()
    {
        _stderr.Dispose();
        _dir.Dispose();
    }
}
