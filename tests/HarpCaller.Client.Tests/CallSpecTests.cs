namespace HarpCaller.Client.Tests;

public sealed class CallSpecTests
{
    [Fact]
    public void Validate_AcceptsAFullyOptionedCall()
    {
        new CallSpec("h", "p")
        {
            Arguments = JsonText.Parse("[]"),
            Timeout = TimeSpan.FromSeconds(1),
            MaxExecTime = TimeSpan.FromSeconds(2),
            Queue = JsonText.Parse("{}"),
            Concurrency = 1,
            Info = JsonText.Null,
        }.Validate();
    }

    [Fact]
    public void Validate_RejectsScalarArguments() =>
        Assert.Throws<ArgumentException>(() => new CallSpec("h", "p") { Arguments = JsonText.Parse("5") }.Validate());

    [Fact]
    public void Validate_RejectsANonObjectQueueName() =>
        Assert.Throws<ArgumentException>(() => new CallSpec("h", "p") { Queue = JsonText.Parse("\"q\"") }.Validate());

    [Fact]
    public void Validate_RejectsConcurrencyWithoutQueue() =>
        Assert.Throws<ArgumentException>(() => new CallSpec("h", "p") { Concurrency = 2 }.Validate());

    [Fact]
    public void Validate_RejectsZeroConcurrency() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallSpec("h", "p") { Queue = JsonText.Parse("{}"), Concurrency = 0 }.Validate());

    [Fact]
    public void Validate_RejectsNonPositiveTimeLimits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallSpec("h", "p") { Timeout = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallSpec("h", "p") { MaxExecTime = TimeSpan.FromSeconds(-1) }.Validate());
    }

    [Fact]
    public void Options_RejectAnOutOfRangePort() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HarpCallerClient(new HarpCallerClientOptions { Port = 0 }));
}
