namespace HarpCaller.Tests.AdminCli;

/// <summary>
/// Every administrative command of the real <c>harpcallerd</c> against a scripted control socket:
/// the exact request line, the output, the exit code (harpcaller-admin.md).
/// </summary>
public sealed class AdminCommandWireTests
{
    private const string Id = "9e03ca7a-bdcb-4bc1-8a56-0f17b310a556";
    private const string Id2 = "0b4f3c1e-2a8d-4e6f-9c7b-5d1e8f2a3b4c";

    // Non-ASCII text, an exact number (1.50) and a nested value: printed as the daemon sent them.
    private const string Job1Core = $$$"""{"job":"{{{Id}}}","call":{"host":"web01.example.net","procedure":"some.procedure","arguments":["é",1.50,{"k":[null,true]}]},"time":{"submit":1455282411,"start":1455282411,"end":null}""";
    private const string Job2Core = $$$"""{"job":"{{{Id2}}}","call":{"host":"db01","procedure":"backup","arguments":{}},"time":{"submit":1455282412,"start":null,"end":null}""";
    private const string Queue1 = """{"name":"backups","n":1.0}""";

    public static TheoryData<string, string[], string, string, string, int, string> Cases => new()
    {
        { "status", ["status"], """{"result":"running"}""", """{"command":"status"}""", "running\n", 0, "" },
        { "status while the daemon stops", ["status"], """{"result":"error","message":"harpcallerd is stopping"}""", """{"command":"status"}""",
            "not running\n", 1, "harpcallerd: harpcallerd is stopping" },
        { "reload", ["reload"], """{"result":"ok"}""", """{"command":"reload_config"}""", "", 0, "" },
        { "reload, restart needed", ["reload"], """{"result":"ok","restart_required":["listen"]}""", """{"command":"reload_config"}""", "", 0,
            "take effect after a restart: listen" },
        { "reload, invalid file", ["reload"], """{"result":"error","message":"harpcaller.toml:3: default_timeout must be positive"}""",
            """{"command":"reload_config"}""", "", 1, "harpcallerd: harpcaller.toml:3: default_timeout must be positive" },
        { "dist-erl-start", ["dist-erl-start"], """{"result":"ok"}""", """{"command":"dist_start"}""", "", 0, "" },
        { "dist-erl-start, refused", ["dist-erl-start"], """{"result":"error","message":"no node networking"}""", """{"command":"dist_start"}""", "", 1,
            "harpcallerd: no node networking" },
        { "dist-erl-stop", ["dist-erl-stop"], """{"result":"ok"}""", """{"command":"dist_stop"}""", "", 0, "" },
        { "list strips queue", ["list"], $$$"""{"result":"ok","jobs":[{{{Job1Core}}},"queue":{{{Queue1}}}},{{{Job2Core}}},"queue":null}]}""",
            """{"command":"list_jobs","all":false}""", $"{Job1Core}}}\n{Job2Core}}}\n", 0, "" },
        { "list --queue keeps it", ["list", "--queue"], $$$"""{"result":"ok","jobs":[{{{Job1Core}}},"queue":{{{Queue1}}}},{{{Job2Core}}},"queue":null}]}""",
            """{"command":"list_jobs","all":false}""", $$$"""{{{Job1Core}}},"queue":{{{Queue1}}}}""" + "\n" + $$$"""{{{Job2Core}}},"queue":null}""" + "\n", 0, "" },
        { "list --all, empty", ["list", "--all"], """{"result":"ok","jobs":[]}""", """{"command":"list_jobs","all":true}""", "", 0, "" },
        { "list, pretty reply printed compact", ["list"], $$$"""{ "result" : "ok", "jobs" : [ { "job" : "{{{Id}}}", "queue" : null, "x" : [ 1 , 2 ] } ] }""",
            """{"command":"list_jobs","all":false}""", $$$"""{"job":"{{{Id}}}","x":[1,2]}""" + "\n", 0, "" },
        { "info", ["info", Id], $$$"""{"result":"ok","info":{{{Job1Core}}}}}""", $$$"""{"command":"job_info","job":"{{{Id}}}"}""", Job1Core + "}\n", 0, "" },
        { "info, upper-case id sent in lower case", ["info", Id.ToUpperInvariant()], $$$"""{"result":"ok","info":{{{Job2Core}}}}}""",
            $$$"""{"command":"job_info","job":"{{{Id}}}"}""", Job2Core + "}\n", 0, "" },
        { "info, unknown job", ["info", Id], """{"result":"no_such_job"}""", $$$"""{"command":"job_info","job":"{{{Id}}}"}""", "", 1,
            $"harpcallerd: no such job: {Id}" },
        { "cancel", ["cancel", Id], """{"result":"ok"}""", $$$"""{"command":"cancel_job","job":"{{{Id}}}"}""", "", 0, "" },
        { "cancel, unknown job", ["cancel", Id2], """{"result":"no_such_job"}""", $$$"""{"command":"cancel_job","job":"{{{Id2}}}"}""", "", 1,
            $"harpcallerd: no such job: {Id2}" },
        { "queue-list", ["queue-list"], $$$"""{"result":"ok","queues":[{{{Queue1}}},{"name":"ü"}]}""", """{"command":"list_queues"}""",
            Queue1 + "\n" + """{"name":"ü"}""" + "\n", 0, "" },
        { "queue-list NAME", ["queue-list", """ { "name" : "backups", "n" : 1.0 } """],
            $$$"""{"result":"ok","jobs":[{{{Job1Core}}},"running":true},{{{Job2Core}}},"running":false}]}""",
            $$$"""{"command":"list_queue","queue":{{{Queue1}}}}""", $$$"""{{{Job1Core}}},"running":true}""" + "\n" + $$$"""{{{Job2Core}}},"running":false}""" + "\n", 0, "" },
        { "queue-cancel NAME", ["queue-cancel", """{"name":"a \"quoted\" é"}"""], """{"result":"ok"}""",
            """{"command":"cancel_queue","queue":{"name":"a \"quoted\" é"}}""", "", 0, "" },
        { "hosts-list", ["hosts-list"],
            """{"result":"ok","hosts":[{"hostname":"web01.example.net","address":"","port":4306},{"hostname":"db01","address":"10.0.0.2","port":4306}]}""",
            """{"command":"list_hosts"}""",
            """{"hostname":"web01.example.net","address":"","port":4306}""" + "\n" + """{"hostname":"db01","address":"10.0.0.2","port":4306}""" + "\n", 0, "" },
        { "hosts-refresh", ["hosts-refresh"], """{"result":"ok"}""", """{"command":"refresh_hosts"}""", "", 0, "" },
        { "prune-jobs, 30 days by default", ["prune-jobs"], """{"result":"ok","pruned":12}""", """{"command":"prune_jobs","max_age":2592000}""",
            "pruned 12 jobs\n", 0, "" },
        { "prune-jobs --age=1.5", ["prune-jobs", "--age=1.5"], """{"result":"ok","pruned":0}""", """{"command":"prune_jobs","max_age":129600}""",
            "pruned 0 jobs\n", 0, "" },
        { "prune-jobs --age 0", ["prune-jobs", "--age", "0"], """{"result":"ok","pruned":3}""", """{"command":"prune_jobs","max_age":0}""",
            "pruned 3 jobs\n", 0, "" },
        { "reopen-logs", ["reopen-logs"], """{"result":"ok"}""", """{"command":"reopen_logs"}""", "", 0, "" },
        { "an error reply to any command", ["hosts-list"], """{"result":"error","message":"harpcallerd is stopping"}""", """{"command":"list_hosts"}""",
            "", 1, "harpcallerd: harpcallerd is stopping" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Command_SendsItsRequest_AndPrintsTheReply(
        string name, string[] args, string reply, string request, string stdout, int code, string stderr)
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, reply);
        var r = await Cli.RunAsync(socket, args);
        Assert.True(r.Code == code, $"{name}: {r}");
        Assert.Equal([request], server.Requests);
        Assert.Equal(stdout, r.Out);
        if (stderr.Length > 0) Cli.AssertCleanFailure(r, code, stderr);
        else Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task SocketOption_InEveryPosition_AndSpaceSeparated()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, """{"result":"ok","pruned":1}""");
        var runs = await Task.WhenAll(
            Cli.RunRawAsync("--socket", socket, "prune-jobs", "--age", "2"),
            Cli.RunRawAsync("prune-jobs", $"--socket={socket}", "--age=2"),
            Cli.RunRawAsync("prune-jobs", "--age=2", "--socket", socket));
        foreach (var r in runs)
        {
            Assert.True(r.Code == 0, r.ToString());
            Assert.Equal("pruned 1 jobs\n", r.Out);
        }
        Assert.Equal(Enumerable.Repeat("""{"command":"prune_jobs","max_age":172800}""", 3), server.Requests);
    }
}
