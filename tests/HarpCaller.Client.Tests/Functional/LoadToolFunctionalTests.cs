using HarpCaller.Client.Tests.Support;
using HarpCaller.Load;
using HarpCaller.TestHarpd;

namespace HarpCaller.Client.Tests.Functional;

/// <summary>The load tool's modes, in-process and capped, against the real dispatcher.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class LoadToolFunctionalTests
{
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(90);
    private readonly DispatcherFixture _fixture;

    public LoadToolFunctionalTests(DispatcherFixture fixture) => _fixture = fixture;

    private async Task<LoadSummary> RunAsync(params string[] args)
    {
        var options = LoadOptions.Parse([.. args, "--server", _fixture.Server, "--duration", "30"], out var error);
        Assert.Null(error);
        var summary = await new LoadRunner(options!, TextWriter.Null).RunAsync(CancellationToken.None).WaitAsync(TestBound);
        return Assert.IsType<LoadSummary>(summary);
    }

    [Fact]
    public async Task EndToEnd_CompletesEveryCall_WithoutLostResults()
    {
        var summary = await RunAsync("e2e", "--clients", "4", "--requests", "20", "--host", "h1", "--procedure", TestHarpdProcedures.Echo, "--args", "[123456789012345678901234567890]", "--expect", "[123456789012345678901234567890]");

        Assert.Equal(20, summary.Succeeded);
        Assert.Equal(0, summary.FailedTotal);
        Assert.True(summary.MaxMs > 0);
    }

    [Fact]
    public async Task EndToEnd_CountsUnexpectedResultsAsLost()
    {
        var summary = await RunAsync("e2e", "--clients", "2", "--requests", "4", "--host", "h1", "--procedure", TestHarpdProcedures.Return, "--args", "[1]", "--expect", "2");

        Assert.Equal(4, summary.Failures["lost_results"]);
        Assert.Equal(0, summary.Succeeded);
    }

    [Fact]
    public async Task ReadStream_CountsEveryPacketOfEveryRead()
    {
        var summary = await RunAsync("read_stream", "--clients", "2", "--requests", "6", "--host", "h1", "--procedure", TestHarpdProcedures.Stream, "--args", "[1000]");

        Assert.Equal(6, summary.Succeeded);
        Assert.Equal(6000, summary.Packets);
    }

    [Fact]
    public async Task SubmitAndStatus_SucceedForEveryRequest()
    {
        var submit = await RunAsync("submit", "--clients", "2", "--requests", "10", "--host", "h1", "--procedure", TestHarpdProcedures.Return, "--args", "[0]");
        var status = await RunAsync("status", "--clients", "2", "--requests", "10", "--host", "h1", "--procedure", TestHarpdProcedures.Return, "--args", "[0]");

        Assert.Equal(10, submit.Succeeded);
        Assert.Equal(10, status.Succeeded);
        Assert.Equal(0, submit.FailedTotal + status.FailedTotal);
    }
}
