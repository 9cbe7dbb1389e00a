using System.Text;
using CloudI.External.Spawning;

namespace CloudI.External.Tests.Spawning;

public sealed class SpawnUnitTests
{
    [Fact]
    public void SplitterCutsLongLinesOnUtf8Boundaries()
    {
        var lines = new List<string>();
        var splitter = new OutputLineSplitter(lines.Add, maxLineBytes: 5);
        splitter.Feed(Encoding.UTF8.GetBytes("abcd€xy\n"));  // € is 3 bytes: must not be cut
        splitter.Feed(Encoding.UTF8.GetBytes("12345\n\nlast"));
        splitter.Flush();
        Assert.Equal(["abcd", "€xy", "12345", "", "last"], lines);
    }

    [Fact]
    public void SplitterJoinsLinesAcrossReads()
    {
        var lines = new List<string>();
        var splitter = new OutputLineSplitter(lines.Add);
        foreach (var piece in new[] { "he", "llo\nwor", "ld\n" }) splitter.Feed(Encoding.UTF8.GetBytes(piece));
        splitter.Flush();
        Assert.Equal(["hello", "world"], lines);
    }

    [Fact]
    public void WaitStatusDecoding()
    {
        Assert.Equal(ExitStatus.Exited(3), ExitStatus.FromWaitStatus(3 << 8));
        Assert.Equal(ExitStatus.Signaled(9), ExitStatus.FromWaitStatus(9));
        Assert.True(ExitStatus.FromWaitStatus(0x80 | 11).CoreDumped);
        Assert.Equal("status 0", ExitStatus.Exited(0).ToString());
        Assert.Equal("SIGKILL", ExitStatus.Signaled(9).ToString());
    }

    [Fact]
    public void PrlimitArguments()
    {
        Assert.Equal("--as=1024:", new ResourceLimit("vmem", 1024).ToPrlimitArgument());
        Assert.Equal("--stack=8388608:unlimited", new ResourceLimit("stack", 8388608, ResourceLimit.Infinity).ToPrlimitArgument());
        Assert.Equal("--nofile=:10", new ResourceLimit("nofile", null, 10).ToPrlimitArgument());
        Assert.Null(new ResourceLimit("cpu", null).ToPrlimitArgument());
        Assert.Equal(16, ResourceLimit.ResourceNames.Count);
    }

    [Fact]
    public void CommandWithoutOptionsIsUnwrapped()
    {
        var command = SpawnCommand.Build(new SpawnRequest { ExecutablePath = "/bin/x", Arguments = ["argv0", "a"], Environment = [] });
        Assert.False(command.Wrapped);
        Assert.Equal("/bin/x", command.Path);
        Assert.Equal(["argv0", "a"], command.Argv);
    }

    [Fact]
    public void WrappersApplyLimitsAndNiceBeforeDroppingPrivileges()
    {
        var command = SpawnCommand.Build(new SpawnRequest
        {
            ExecutablePath = "prog",
            Arguments = ["prog", "a"],
            Environment = [],
            Limits = [new ResourceLimit("nofile", 64, 64)],
            Nice = 0,
            Owner = new ProcessOwner("nobody"),
        });
        Assert.True(command.Wrapped);
        Assert.Equal("/usr/bin/prlimit", command.Path);
        Assert.Equal(
            ["/usr/bin/prlimit", "--nofile=64:64", "--", "/usr/bin/nice", "-n", "0", "--",
             "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "--", "./prog", "a"],
            command.Argv);
    }
}
