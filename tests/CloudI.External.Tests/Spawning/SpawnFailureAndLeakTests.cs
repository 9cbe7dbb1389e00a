using CloudI.External.Spawning;

namespace CloudI.External.Tests.Spawning;

[Collection("Spawning")]
public sealed class SpawnFailureAndLeakTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // with prlimit in front: checked up front, still synchronous
    public void MissingExecutableThrowsExecEnoentWithoutLeakingFds(bool wrapped)
    {
        var run = new ChildRun();
        int before = ChildRun.CountOwnFds();
        for (int i = 0; i < 20; i++)
        {
            var pairs = Enumerable.Range(0, 2).Select(_ => ThreadSocketPair.Create(ThreadSocketProtocol.Local, 65536)).ToList();
            var request = run.Request("/no/such/executable", ["x"]) with
            {
                ThreadDescriptors = pairs.Select(p => p.ChildEnd).ToList(),
                Limits = wrapped ? [new ResourceLimit("nofile", 64)] : [],
            };
            var ex = Assert.Throws<SpawnException>(() => run.Spawn(request));
            Assert.Equal("exec_ENOENT", ex.Reason);
            Assert.Equal(2, ex.Errno);
            Assert.All(pairs, p => Assert.True(p.ChildEnd.IsClosed));
            pairs.ForEach(p => p.Dispose());
        }
        // Any leak would add >= 20 descriptors; allow a little noise from parallel test classes.
        Assert.InRange(ChildRun.CountOwnFds() - before, -5, 3);
    }

    [Fact]
    public void NonExecutableFileThrowsExecEacces()
    {
        string path = Path.GetTempFileName(); // mode 0600: not executable
        try
        {
            var run = new ChildRun();
            var ex = Assert.Throws<SpawnException>(() => run.Spawn(run.Request(path, [])));
            Assert.Equal("exec_EACCES", ex.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(4, true)]
    public async Task ChildSeesOnlyStdioAndItsThreadFds(int count, bool wrapped)
    {
        var pairs = Enumerable.Range(0, count).Select(_ => ThreadSocketPair.Create(ThreadSocketProtocol.Tcp, 65536)).ToList();
        // A descriptor the runtime opened without FD_CLOEXEC must not reach the child either.
        int leaky = Libc.Fcntl(Libc.Socket(Libc.AF_INET, Libc.SOCK_STREAM, 0), 0 /* F_DUPFD */, 3);
        try
        {
            var run = new ChildRun();
            var request = run.Py("import os; print(sorted(int(f) for f in os.listdir('/proc/self/fd')))") with
            {
                ThreadDescriptors = pairs.Select(p => p.ChildEnd).ToList(),
                Limits = wrapped ? [new ResourceLimit("nofile", 256)] : [],
                Nice = wrapped ? 1 : null,
            };
            var lines = await run.OutputOfAsync(request);
            // 0..2, the thread fds, and the descriptor listdir itself opened (lowest free: 3 + count).
            Assert.Equal($"[{string.Join(", ", Enumerable.Range(0, 4 + count))}]", Assert.Single(lines));
        }
        finally
        {
            Libc.Close(leaky);
            pairs.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task LowNumberedSourceDescriptorsAreMovedOutOfTheWay()
    {
        // Child ends that already sit on 3..3+n-1 (in any order) must still land on the right fd.
        var pairs = Enumerable.Range(0, 3).Select(_ => ThreadSocketPair.Create(ThreadSocketProtocol.Local, 65536)).ToList();
        try
        {
            var run = new ChildRun();
            var swapped = new List<System.Runtime.InteropServices.SafeHandle> { pairs[2].ChildEnd, pairs[0].ChildEnd, pairs[1].ChildEnd };
            var request = run.Py("import os\nfor i in range(3): os.write(3 + i, b'%d' % i)") with { ThreadDescriptors = swapped };
            await run.OutputOfAsync(request);
            var buffer = new byte[8];
            Assert.Equal("0", System.Text.Encoding.ASCII.GetString(buffer, 0, pairs[2].RuntimeEnd.Receive(buffer)));
            Assert.Equal("1", System.Text.Encoding.ASCII.GetString(buffer, 0, pairs[0].RuntimeEnd.Receive(buffer)));
            Assert.Equal("2", System.Text.Encoding.ASCII.GetString(buffer, 0, pairs[1].RuntimeEnd.Receive(buffer)));
        }
        finally
        {
            pairs.ForEach(p => p.Dispose());
        }
    }
}
