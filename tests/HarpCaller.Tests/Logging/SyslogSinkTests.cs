using System.Globalization;
using System.Net;
using System.Text;
using HarpCaller.Logging;
using Microsoft.Extensions.Logging;
using Syslog;

namespace HarpCaller.Tests.Logging;

public sealed class SyslogSinkTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 19, 2, 12, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly TestClock _clock = new(Start.AddTicks(3_456_780));
    private readonly StringWriter _stderr = new();

    private string SocketPath => _dir.File("log.sock");

    private SyslogLoggerProvider Provider(string? hostName = "testhost", int? pid = 4242) => new(new SyslogSinkOptions
    {
        SocketPath = SocketPath,
        HostName = hostName,
        ProcessId = pid,
        TimeProvider = _clock,
        Error = _stderr,
    });

    [Theory]
    [InlineData(LogLevel.Critical, 26)]
    [InlineData(LogLevel.Error, 27)]
    [InlineData(LogLevel.Warning, 28)]
    [InlineData(LogLevel.Information, 30)]
    [InlineData(LogLevel.Debug, 31)]
    [InlineData(LogLevel.Trace, 31)]
    public void Each_level_is_one_RFC5424_datagram_of_facility_daemon(LogLevel level, int pri)
    {
        using var listener = new SyslogListener(SocketPath);
        using var provider = Provider();
        provider.CreateLogger("HarpCaller.Dispatching.Dispatcher").Log(level, new EventId(7, "JobStarted"), "job {Id} started", 7);

        var expected = Encoding.ASCII.GetBytes($"<{pri}>1 2026-11-30T19:02:12.345678Z testhost harpcallerd 4242 JobStarted - ")
            .Concat(new byte[] { 0xEF, 0xBB, 0xBF })
            .Concat(Encoding.UTF8.GetBytes("job 7 started"))
            .ToArray();
        Assert.Equal(expected, listener.Receive());
        Assert.Equal(0, provider.DroppedMessages);
    }

    [Fact]
    public void Facility_and_minimum_level_are_applied()
    {
        using var listener = new SyslogListener(SocketPath);
        using var provider = new SyslogLoggerProvider(new SyslogSinkOptions
        {
            SocketPath = SocketPath, AppName = "cloudi", HostName = "h", ProcessId = 1, TimeProvider = _clock,
            Facility = 16, MinimumLevel = LogLevel.Warning,
        });
        var logger = provider.CreateLogger("x");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        logger.LogInformation("not sent");
        logger.LogError("sent");

        var (header, message) = SyslogListener.Split(listener.Receive());
        Assert.StartsWith("<131>1 ", header, StringComparison.Ordinal); // local0 (16) * 8 + err (3)
        Assert.Contains(" cloudi 1 ", header, StringComparison.Ordinal);
        Assert.Equal("sent", message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyslogLoggerProvider(new SyslogSinkOptions { SocketPath = SocketPath, Facility = 24 }));
    }

    [Fact]
    public void Defaults_are_the_host_name_the_pid_and_a_parsable_utc_timestamp()
    {
        using var listener = new SyslogListener(SocketPath);
        using var provider = new SyslogLoggerProvider(new SyslogSinkOptions { SocketPath = SocketPath });
        var before = DateTimeOffset.UtcNow;
        provider.CreateLogger("x").LogInformation("héllo wörld");

        var (header, message) = SyslogListener.Split(listener.Receive());
        var fields = header.Split(' ');
        Assert.Equal(["<30>1", "-", "-", ""], [fields[0], fields[5], fields[6], fields[7]]); // MSGID and SD nil
        var timestamp = DateTimeOffset.ParseExact(fields[1], "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(timestamp, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(Dns.GetHostName(), fields[2]);
        Assert.Equal("harpcallerd", fields[3]);
        Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), fields[4]);
        Assert.Equal("héllo wörld", message);
    }

    [Fact]
    public void An_exception_adds_its_type_and_message_but_no_stack_trace()
    {
        using var listener = new SyslogListener(SocketPath);
        using var provider = Provider();
        Exception thrown;
        try
        {
            throw new IOException("disk full");
        }
        catch (IOException e)
        {
            thrown = e;
        }

        provider.CreateLogger("x").LogError(thrown, "cannot write {File}", "hosts.db");
        var (_, message) = SyslogListener.Split(listener.Receive());
        Assert.Equal("cannot write hosts.db: System.IO.IOException: disk full", message);
    }

    [Fact]
    public void A_huge_message_is_cut_to_the_bound_on_a_character_boundary()
    {
        using var listener = new SyslogListener(SocketPath);
        using var provider = Provider();
        var huge = string.Concat(Enumerable.Repeat("é€😀a", 5000)); // 2, 3, 4 and 1 bytes
        provider.CreateLogger("x").LogInformation("{Text}", huge);

        var datagram = listener.Receive();
        Assert.InRange(datagram.Length, 8 * 1024 - 3, 8 * 1024);
        var (_, message) = SyslogListener.Split(datagram); // strict decoding: no split character
        Assert.StartsWith(message, huge, StringComparison.Ordinal);
        Assert.True(message.Length > 3000);
    }

    [Fact]
    public void Without_a_listener_messages_are_dropped_counted_and_reported_once()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("x");
        for (var i = 0; i < 5; i++) logger.LogWarning("nobody listens");

        Assert.Equal(5, provider.DroppedMessages);
        var warning = Assert.Single(_stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(SocketPath, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listener_appearing_later_gets_later_messages_after_the_reconnect_interval()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("x");
        logger.LogInformation("before");
        Assert.Equal(1, provider.DroppedMessages);

        using var listener = new SyslogListener(SocketPath);
        logger.LogInformation("too soon"); // no reconnect attempt within the interval
        Assert.Equal(2, provider.DroppedMessages);
        Assert.False(listener.TryReceive(TimeSpan.Zero, out _));

        _clock.Advance(TimeSpan.FromSeconds(1));
        logger.LogInformation("after");
        Assert.Equal("after", SyslogListener.Split(listener.Receive()).Message);
        Assert.Equal(2, provider.DroppedMessages);
    }

    [Fact]
    public void A_restarted_listener_is_reached_again()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("x");
        using (var first = new SyslogListener(SocketPath))
        {
            logger.LogInformation("one");
            Assert.Equal("one", SyslogListener.Split(first.Receive()).Message);
        }

        logger.LogInformation("lost"); // refused: the old socket is gone
        Assert.Equal(1, provider.DroppedMessages);

        using var second = new SyslogListener(SocketPath);
        _clock.Advance(TimeSpan.FromSeconds(1));
        logger.LogInformation("two");
        Assert.Equal("two", SyslogListener.Split(second.Receive()).Message);
    }

    [Fact]
    public async Task Concurrent_loggers_never_block_and_every_message_is_sent_or_counted()
    {
        using var listener = new SyslogListener(SocketPath);
        using var provider = Provider();
        const int Threads = 8, PerThread = 200;
        var received = 0;
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                if (listener.TryReceive(TimeSpan.FromMilliseconds(20), out var datagram))
                {
                    Assert.StartsWith("thread ", SyslogListener.Split(datagram).Message, StringComparison.Ordinal);
                    received++;
                }
            }
        });

        Parallel.For(0, Threads, t =>
        {
            var logger = provider.CreateLogger("thread" + t);
            for (var i = 0; i < PerThread; i++) logger.LogInformation("thread {T} message {I}", t, i);
        });

        Eventually.True(() => Volatile.Read(ref received) + provider.DroppedMessages == Threads * PerThread, "all messages accounted for");
        await done.CancelAsync();
        await reader;
        Assert.Equal(Threads * PerThread, received + provider.DroppedMessages);
    }

    [Fact]
    public void After_disposal_logging_is_silent()
    {
        var provider = Provider();
        var logger = provider.CreateLogger("x");
        provider.Dispose();
        logger.LogInformation("late");
        Assert.Equal(0, provider.DroppedMessages);
        Assert.Equal(string.Empty, _stderr.ToString());
    }

    public void Dispose()
    {
        _stderr.Dispose();
        _dir.Dispose();
    }
}
