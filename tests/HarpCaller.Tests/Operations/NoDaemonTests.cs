using HarpCaller.Tests.AdminCli;

namespace HarpCaller.Tests.Operations;

/// <summary>The CLI when no daemon runs, and its usage errors (exit 2), which never need one.</summary>
public sealed class NoDaemonTests
{
    [Fact]
    public async Task Status_WithNoDaemon_PrintsNotRunning_Exit1()
    {
        using var dir = new TempDirectory();
        var r = await Cli.RunAsync(dir.File("control"), "status");
        Assert.True(r.Code == 1, r.ToString());
        Assert.Equal("not running\n", r.Out);
    }

    [Fact]
    public async Task NoCommand_IsAUsageError_Exit2()
    {
        var r = await Cli.RunRawAsync();
        Cli.AssertCleanFailure(r, 2, "--help");
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError_Exit2()
    {
        using var dir = new TempDirectory();
        var r = await Cli.RunAsync(dir.File("control"), "frobnicate");
        Cli.AssertCleanFailure(r, 2, "--help");
        Assert.Contains("frobnicate", r.Err);
    }

    [Fact]
    public async Task Info_WithAJobIdThatIsNotAUuid_IsAUsageError_Exit2()
    {
        using var dir = new TempDirectory();
        var r = await Cli.RunAsync(dir.File("control"), "info", "not-a-uuid");
        Cli.AssertCleanFailure(r, 2, "--help");
        Assert.Contains("not-a-uuid", r.Err);
        Assert.Equal("", r.Out);
    }
}
