using HarpCaller.Configuration;
using HarpCaller.Logging;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Logging;

public sealed class DaemonLogsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LineCollector _stdout = new();
    private readonly StringWriter _stderr = new();

    private DaemonLogsSettings Settings => new() { SyslogSocketPath = _dir.File("log.sock"), Stdout = _stdout, Stderr = _stderr };

    private static HarpCallerOptions Options(string? logFile = null, params string[] handlers) =>
        new() { LogHandlers = handlers, Erlang = new ErlangOptions { LogFile = logFile } };

    private bool StdoutHas(string text) => _stdout.Lines.Any(line => line.EndsWith(text, StringComparison.Ordinal));

    [Fact]
    public void Apply_switches_an_existing_logger_from_stdout_to_syslog()
    {
        using var listener = new SyslogListener(_dir.File("log.sock"));
        var logs = DaemonLogs.Create(Options(null, DaemonLogs.StdoutHandler), debug: false, Settings);
        var logger = logs.Factory.CreateLogger("harpcallerd");
        logger.LogInformation("to stdout");
        Eventually.True(() => StdoutHas("info  harpcallerd: to stdout"), "the stdout line");

        logs.Apply(Options(null, DaemonLogs.SyslogHandler));
        logger.LogInformation("to syslog");
        var (header, message) = SyslogListener.Split(listener.Receive());
        Assert.StartsWith("<30>1 ", header, StringComparison.Ordinal);
        Assert.Equal("to syslog", message);

        logs.Dispose();
        Assert.False(StdoutHas("to syslog"));
        Assert.False(listener.TryReceive(TimeSpan.Zero, out _));
    }

    [Fact]
    public void Both_handlers_at_once_and_none_at_all()
    {
        using var listener = new SyslogListener(_dir.File("log.sock"));
        using var logs = DaemonLogs.Create(Options(null, DaemonLogs.StdoutHandler, DaemonLogs.SyslogHandler), debug: false, Settings);
        var logger = logs.Factory.CreateLogger("HarpCaller.Dispatching.Dispatcher");
        logger.LogWarning("twice");
        Assert.Equal("twice", SyslogListener.Split(listener.Receive()).Message);
        Eventually.True(() => StdoutHas("twice"), "the stdout line");

        logs.Apply(Options());
        Assert.False(logger.IsEnabled(LogLevel.Critical));
        logger.LogCritical("nowhere");
        Assert.False(listener.TryReceive(TimeSpan.FromMilliseconds(50), out _));
    }

    [Fact]
    public void The_log_file_takes_warnings_and_lifecycle_information_only()
    {
        var path = Path.Combine(_dir.Path, "log", "erlang.log");
        using (var logs = DaemonLogs.Create(Options(path), debug: true, Settings))
        {
            var factory = logs.Factory;
            factory.CreateLogger("harpcallerd").LogInformation("daemon info");
            factory.CreateLogger("HarpCaller.Hosting.DispatcherHost").LogInformation("host info");
            factory.CreateLogger("HarpCaller.Control.AdminServer").LogInformation("control info");
            factory.CreateLogger("HarpCaller.Dispatching.Dispatcher").LogInformation("job info");
            factory.CreateLogger("HarpCaller.Dispatching.Dispatcher").LogWarning("job warning");
            factory.CreateLogger("HarpCaller.Storage.SqliteJobStore").LogCritical("store critical");
            factory.CreateLogger("harpcallerd").LogDebug("daemon debug");
            Assert.Equal(Path.GetFullPath(path), logs.LogFilePath);
        }

        var messages = File.ReadAllLines(path).Select(line => line[25..]).ToArray();
        Assert.Equal(
            [
                "info  harpcallerd: daemon info",
                "info  HarpCaller.Hosting.DispatcherHost: host info",
                "info  HarpCaller.Control.AdminServer: control info",
                "warn  HarpCaller.Dispatching.Dispatcher: job warning",
                "crit  HarpCaller.Storage.SqliteJobStore: store critical",
            ],
            messages);
    }

    [Fact]
    public void Apply_moves_existing_loggers_to_a_new_log_file_path()
    {
        var first = _dir.File("first.log");
        var second = _dir.File("second.log");
        var logs = DaemonLogs.Create(Options(first), debug: false, Settings);
        var logger = logs.Factory.CreateLogger("harpcallerd");
        logger.LogInformation("one");
        logs.Apply(Options(second));
        logger.LogInformation("two");
        logs.Factory.Dispose(); // disposing the factory disposes the logs

        Assert.EndsWith("harpcallerd: one", Assert.Single(File.ReadAllLines(first)), StringComparison.Ordinal);
        Assert.EndsWith("harpcallerd: two", Assert.Single(File.ReadAllLines(second)), StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => logs.Apply(Options()));
    }

    [Fact]
    public void A_log_file_that_cannot_be_opened_leaves_the_logging_as_it_was()
    {
        File.WriteAllText(_dir.File("not-a-directory"), "");
        using var logs = DaemonLogs.Create(Options(null, DaemonLogs.StdoutHandler), debug: false, Settings);
        var logger = logs.Factory.CreateLogger("harpcallerd");

        Assert.ThrowsAny<IOException>(() => logs.Apply(Options(Path.Combine(_dir.Path, "not-a-directory", "erlang.log"))));
        Assert.Null(logs.LogFilePath);
        logger.LogInformation("still on stdout");
        Eventually.True(() => StdoutHas("still on stdout"), "the stdout line");
    }

    [Fact]
    public void ReopenLogFile_serves_logrotate_and_is_a_no_op_without_a_log_file()
    {
        using (var none = DaemonLogs.Create(Options(), debug: false, Settings))
        {
            none.ReopenLogFile();
        }

        var path = _dir.File("erlang.log");
        using var logs = DaemonLogs.Create(Options(path), debug: false, Settings);
        var logger = logs.Factory.CreateLogger("harpcallerd");
        logger.LogInformation("old");
        Eventually.True(() => Eventually.ReadShared(path).Contains("old", StringComparison.Ordinal), "the first line");
        File.Move(path, path + ".1");
        logs.ReopenLogFile();
        logger.LogInformation("new");
        Eventually.True(() => Eventually.ReadShared(path).Contains("new", StringComparison.Ordinal), "the line in the new file");
        Assert.DoesNotContain("old", Eventually.ReadShared(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Debug_lowers_the_minimum_level(bool debug)
    {
        using (var logs = DaemonLogs.Create(Options(null, DaemonLogs.StdoutHandler), debug, Settings))
        {
            var logger = logs.Factory.CreateLogger("harpcallerd");
            Assert.Equal(debug, logger.IsEnabled(LogLevel.Debug));
            Assert.False(logger.IsEnabled(LogLevel.Trace));
            logger.LogDebug("debug line");
            logger.LogTrace("trace line");
            logger.LogInformation("info line");
        }

        Assert.Equal(debug ? 2 : 1, _stdout.Lines.Count);
        Assert.Equal(debug, StdoutHas("debug line"));
    }

    [Fact]
    public void A_provider_added_to_the_factory_gets_events_too()
    {
        var path = _dir.File("extra.log");
        using (var logs = DaemonLogs.Create(Options(), debug: false, Settings))
        {
            var logger = logs.Factory.CreateLogger("c");
            logs.Factory.AddProvider(new LogFileProvider(path, (_, _) => true));
            logger.LogInformation("extra");
        }

        Assert.EndsWith("info  c: extra", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
        _dir.Dispose();
    }
}
