using CloudI.External.Spawning;

namespace CloudI.External.Tests.Spawning;

[Collection("Spawning")]
public sealed class SpawnOptionsTests
{
    private static readonly bool IsRoot = Environment.UserName == "root";

    [Fact]
    public async Task DirectorySetsTheWorkingDirectory()
    {
        var run = new ChildRun();
        var lines = await run.OutputOfAsync(run.Sh("pwd") with { WorkingDirectory = "/usr/share" });
        Assert.Equal(["/usr/share"], lines);
    }

    [Fact]
    public void MissingDirectoryFailsSynchronously()
    {
        var run = new ChildRun();
        var ex = Assert.Throws<SpawnException>(() => run.Spawn(run.Sh("pwd") with { WorkingDirectory = "/no/such/dir" }));
        Assert.Equal("chdir_ENOENT", ex.Reason);
    }

    [Fact]
    public async Task LimitSetsSoftAndHardLimits()
    {
        var run = new ChildRun();
        var lines = await run.OutputOfAsync(run.Sh("ulimit -n; ulimit -Hn; ulimit -c") with
        {
            Limits = [new ResourceLimit("nofile", 64, 128), new ResourceLimit("core", ResourceLimit.Infinity, ResourceLimit.Infinity)],
        });
        Assert.Equal(["64", "128", "unlimited"], lines);
    }

    [Fact]
    public async Task LimitCurrentOnlyKeepsTheHardLimit()
    {
        var run = new ChildRun();
        var parent = await run.OutputOfAsync(run.Sh("ulimit -Hn"));
        run.Lines.Clear();
        var lines = await run.OutputOfAsync(run.Sh("ulimit -n; ulimit -Hn") with { Limits = [new ResourceLimit("nofile", 64)] });
        Assert.Equal(["64", parent[0]], lines);
    }

    [Fact]
    public void UnknownLimitResourceIsRejected()
    {
        var run = new ChildRun();
        var ex = Assert.Throws<SpawnException>(() => run.Spawn(run.Sh("true") with { Limits = [new ResourceLimit("bogus", 1)] }));
        Assert.Equal("limit_invalid", ex.Reason);
    }

    [Fact]
    public async Task NiceSetsTheAbsoluteNiceValue()
    {
        var run = new ChildRun();
        var lines = await run.OutputOfAsync(run.Py("import os; print(os.nice(0))") with { Nice = 7 });
        Assert.Equal(["7"], lines);
    }

    [Fact]
    public async Task OwnerRunsAsAnotherUserKeepingFdsAndEnvironment()
    {
        if (!IsRoot) return; // needs privileges
        using var pair = ThreadSocketPair.Create(ThreadSocketProtocol.Local, 65536);
        var run = new ChildRun();
        var request = run.Py(
            "import os; print(os.getuid(), os.geteuid(), os.getgid(), os.getgroups(), os.environ['MARK']); os.write(3, b'x')",
            env: ["MARK=kept"]) with
        {
            Owner = new ProcessOwner("nobody"),
            ThreadDescriptors = [pair.ChildEnd],
        };
        var lines = await run.OutputOfAsync(request);
        Assert.Equal(["65534 65534 65534 [65534] kept"], lines);
        var buffer = new byte[1];
        Assert.Equal(1, pair.RuntimeEnd.Receive(buffer));
    }

    [Fact]
    public async Task OwnerWithExplicitGroupAndNumericIds()
    {
        if (!IsRoot) return;
        var run = new ChildRun();
        var lines = await run.OutputOfAsync(run.Py("import os; print(os.getuid(), os.getgid(), os.getgroups())") with
        {
            Owner = new ProcessOwner("65534", "daemon"),
        });
        // A known user gets its own supplementary groups (nobody: nogroup).
        Assert.Equal(["65534 1 [65534]"], lines);
    }

    [Fact]
    public void UnknownOwnerIsRejected()
    {
        var run = new ChildRun();
        Assert.Equal("owner_user_invalid",
            Assert.Throws<SpawnException>(() => run.Spawn(run.Sh("true") with { Owner = new ProcessOwner("no-such-user-xyz") })).Reason);
        Assert.Equal("owner_group_invalid",
            Assert.Throws<SpawnException>(() => run.Spawn(run.Sh("true") with { Owner = new ProcessOwner("4242") })).Reason);
    }

    [Fact]
    public async Task AllOptionsTogetherStillPassArgvAndEnvironment()
    {
        var run = new ChildRun();
        var request = run.Request("/bin/sh", ["-c", "echo \"$1|$FOO|$(pwd)|$(ulimit -n)\"", "sh", "a b"], ["FOO=bar"]) with
        {
            WorkingDirectory = "/tmp",
            Limits = [new ResourceLimit("nofile", 100)],
            Nice = 3,
            Owner = IsRoot ? new ProcessOwner("nobody") : null,
        };
        Assert.Equal(["a b|bar|/tmp|100"], await run.OutputOfAsync(request));
    }
}
