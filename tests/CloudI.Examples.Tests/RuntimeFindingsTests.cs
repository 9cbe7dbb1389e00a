using System.Diagnostics;
using CloudI.Services;

namespace CloudI.Examples.Tests;

/// <summary>
/// Regressions for runtime behaviours found while writing the examples (the largest request
/// timeout; a monitor of an already dead destination firing at once).
/// </summary>
public sealed class RuntimeFindingsTests : ExamplesTestBase
{
    [Fact]
    public async Task SendSync_WithTheLargestRequestTimeout_IsAccepted()
    {
        // §5.1: per-request timeouts are 0 … 4294967295 ms.
        await Start(typeof(FixedAnswerService), "/probe/", 1, Arg("pattern", "max"), Arg("answer", "fine"));
        ServiceDispatcher context = Runtime.CreateContext();
        SendSyncResult result = await context.SendSync("/probe/max", default, Bytes("x"), uint.MaxValue);
        Assert.Equal("fine", result.ResponseText);
    }

    [Fact]
    public async Task SendSync_LongTimeout_ToADestinationThatDiedAfterGetPid_FailsAtOnce()
    {
        // §5.5: a request with Timeout > request_timeout_immediate_max monitors its destination and
        // fails immediately when it is dead (an Erlang monitor of a dead pid fires at once).
        Guid id = await Start(typeof(FixedAnswerService), "/probe/", 1, Arg("pattern", "gone"), Arg("answer", "x"));
        ServiceDispatcher context = Runtime.CreateContext();
        ServiceDestination destination = (await context.GetPid("/probe/gone")).Value;
        await Runtime.RemoveServiceAsync(id);

        var watch = Stopwatch.StartNew();
        Task<SendSyncResult> sending = context.SendSync("/probe/gone", default, Bytes("x"), 30000,
            destination: destination).AsTask();
        Task first = await Task.WhenAny(sending, Task.Delay(3000));
        Assert.True(ReferenceEquals(first, sending),
            $"still waiting after {watch.ElapsedMilliseconds} ms for a dead destination (timeout 30000)");
        Assert.Equal("timeout", (await sending).Error);
    }
}
