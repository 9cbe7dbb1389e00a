namespace CloudI.Executable.Tests;

/// <summary>Help and usage errors.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData(new string[] { "--help" }, "cloudi [command] [options]")]
    [InlineData(new string[] { "start", "--help" }, "--config <FILE> (REQUIRED)")]
    [InlineData(new string[] { "status", "--help" }, "cloudi status [options]")]
    [InlineData(new string[] { "stop", "--help" }, "--timeout <SECONDS>")]
    public async Task Every_command_has_help(string[] args, string expected)
    {
        var (exit, stdout, _) = await Cloudi.RunAsync(args);
        Assert.Equal(0, exit);
        Assert.Contains(expected, stdout);
    }

    [Theory]
    [InlineData(new string[] { }, "Required command was not provided")]
    [InlineData(new string[] { "start" }, "Option '--config' is required")]
    [InlineData(new string[] { "start", "--config=x", "--node=nohost" }, "--node: 'nohost' is not a node name")]
    [InlineData(new string[] { "stop", "--timeout=-1" }, "--timeout")]
    [InlineData(new string[] { "restart" }, "restart")]
    public async Task Usage_errors_exit_2(string[] args, string expected)
    {
        var (exit, _, stderr) = await Cloudi.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task A_missing_code_path_is_a_usage_error()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        var (exit, _, stderr) = await Cloudi.RunAsync("start", $"--config={dir.Config}", "--code-path=/no/such/dir",
            $"--socket={dir.Socket}");
        Assert.Equal(2, exit);
        Assert.Contains("--code-path: /no/such/dir: no such directory", stderr);
    }
}
