using HarpCaller.Logging;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Logging;

public sealed class StdoutSinkTests
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 30, 19, 2, 12, 345, TimeSpan.Zero));

    [Fact]
    public void Each_event_is_one_human_readable_line()
    {
        using var output = new LineCollector();
        using (var provider = new StdoutLoggerProvider(output, new LogQueueOptions { TimeProvider = _clock }))
        {
            provider.CreateLogger("HarpCaller.Hosts.HostsRegistry").LogError("filler said\r\nno");
            provider.CreateLogger("harpcallerd").LogCritical("cannot start");
            provider.CreateLogger("harpcallerd").LogDebug("detail");
        }

        Assert.Equal(
            [
                "2026-11-30T19:02:12.345Z error HarpCaller.Hosts.HostsRegistry: filler said\\r\\nno",
                "2026-11-30T19:02:12.345Z crit  harpcallerd: cannot start",
                "2026-11-30T19:02:12.345Z debug harpcallerd: detail",
            ],
            output.Lines);
    }

    [Fact]
    public void A_stuck_output_never_blocks_the_caller_and_overflow_is_counted()
    {
        const int Capacity = 16;
        using var output = new LineCollector(blockFirstWrite: true);
        var provider = new StdoutLoggerProvider(output, new LogQueueOptions { Capacity = Capacity, TimeProvider = _clock });
        var logger = provider.CreateLogger("c");
        logger.LogInformation("first");
        Assert.True(output.WaitEntered(TimeSpan.FromSeconds(5)), "the writer took the first line");

        for (var i = 0; i < Capacity + 10; i++) logger.LogInformation("queued {I}", i); // returns at once
        Assert.Equal(10, provider.DroppedLines);

        output.Release();
        provider.Dispose();
        Assert.Equal(1 + Capacity, output.Lines.Count);
        Assert.EndsWith("queued 15", output.Lines[^1], StringComparison.Ordinal);
    }
}
