namespace HarpCaller.Tests.AdminCli;

/// <summary>Usage errors exit 2 without asking the daemon; every command explains itself with --help.</summary>
public sealed class AdminCliUsageTests
{
    public static TheoryData<string, string[], string> UsageErrors => new()
    {
        { "queue name not JSON", ["queue-list", "{name:q}"], "not a queue name" },
        { "queue name not JSON (cancel)", ["queue-cancel", "backups"], "not a queue name" },
        { "queue name not an object", ["queue-cancel", "\"backups\""], "a queue name is a JSON object" },
        { "queue name with duplicate keys", ["queue-list", """{"a":1,"a":2}"""], "not a queue name" },
        { "job id not a UUID", ["info", "12345"], "'12345' is not a job id" },
        { "job id not a UUID (cancel)", ["cancel", "9e03ca7abdcb4bc18a560f17b310a556"], "is not a job id" },
        { "negative stop timeout", ["stop", "--timeout=-1"], "--timeout: '-1' is not a non-negative number" },
        { "negative stop timeout, space-separated", ["stop", "--timeout", "-0.5"], "--timeout" },
        { "negative status timeout", ["status", "--wait", "--timeout=-3"], "--timeout: '-3' is not a non-negative number" },
        { "status timeout not a number", ["status", "--wait", "--timeout=soon"], "'soon' is not a non-negative number" },
        { "status timeout without wait", ["status", "--timeout=3"], "--timeout requires --wait" },
        { "negative age", ["prune-jobs", "--age=-1"], "--age: '-1' is not a non-negative number" },
        { "age not a number", ["prune-jobs", "--age=NaN"], "--age" },
        { "unknown option", ["list", "--bogus"], "--bogus" },
        { "unknown option (hosts-list)", ["hosts-list", "--all"], "--all" },
        { "missing job id", ["info"], "job-id" },
        { "missing queue name", ["queue-cancel"], "queue-name" },
        { "extra argument", ["reload", "now"], "now" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task UsageError_Exit2_DaemonNotAsked(string name, string[] args, string message)
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, """{"result":"ok"}""");
        var r = await Cli.RunAsync(socket, args);
        Cli.AssertCleanFailure(r, 2, message);
        // The message, then the command's help (admin spec: "message and help on stderr").
        Assert.Contains("Usage:", r.Err);
        Assert.Contains($"harpcallerd {args[0]}", r.Err[r.Err.IndexOf("Usage:", StringComparison.Ordinal)..]);
        Assert.True(r.Err.IndexOf(message, StringComparison.Ordinal) < r.Err.IndexOf("Usage:", StringComparison.Ordinal), r.Err);
        Assert.True(r.Out == "", $"{name}: {r}");
        Assert.Empty(server.Requests);
    }

    public static TheoryData<string, string> Help => new()
    {
        { "status", "--wait" },
        { "stop", "--print-pid" },
        { "reload", "configuration" },
        { "dist-erl-start", "networking" },
        { "dist-erl-stop", "networking" },
        { "list", "--queue" },
        { "info", "<job-id>" },
        { "cancel", "<job-id>" },
        { "queue-list", "<queue-name>" },
        { "queue-cancel", "<queue-name>" },
        { "hosts-list", "hostname" },
        { "hosts-refresh", "registry" },
        { "prune-jobs", "--age <DAYS>" },
        { "reopen-logs", "log_file" },
    };

    [Theory]
    [MemberData(nameof(Help))]
    public async Task CommandHelp_DescribesTheCommandAndItsOptions(string command, string mention)
    {
        using var dir = new TempDirectory();
        var r = await Cli.RunAsync(dir.File("control"), command, "--help");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains($"harpcallerd {command}", r.Out);
        Assert.Contains(mention, r.Out);
        Assert.Contains("Description:", r.Out);
    }
}
