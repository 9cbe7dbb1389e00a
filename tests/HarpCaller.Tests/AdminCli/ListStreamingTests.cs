using System.Text;

namespace HarpCaller.Tests.AdminCli;

/// <summary>
/// <c>list --all</c> prints the reply's jobs as they arrive: a reply far longer than any
/// single-line bound works, and strings full of brackets, quotes and escapes do not confuse
/// the splitting.
/// </summary>
public sealed class ListStreamingTests
{
    private static string Job(int i) =>
        $$$"""{"job":"{{{new Guid(i, 0, 0, new byte[8]):D}}}","call":{"host":"h{{{i}}}","procedure":"p","arguments":["]},[{\"","\\\"]}",{"k":[[{}],"}{"]},{{{i}}}]},"time":{"submit":{{{i}}},"start":null,"end":null},"queue":{"q":"a]b"}}""";

    private static string Reply(int count)
    {
        var reply = new StringBuilder(count * 260);
        reply.Append("""{"result":"ok","jobs":[""");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) reply.Append(',');
            reply.Append(Job(i));
        }
        return reply.Append("]}").ToString();
    }

    [Fact]
    public async Task AReplyLongerThan64MiB_IsPrintedWhole_JobByJob()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        const int count = 400_000;
        var reply = Reply(count);
        Assert.True(Encoding.UTF8.GetByteCount(reply) > 64 * 1024 * 1024);
        await using var server = ScriptedControlServer.Start(socket, reply);

        var r = await Cli.RunAsync(socket, "list", "--all", "--queue");

        Assert.True(r.Code == 0, r.Err);
        var lines = r.Out.Split('\n');
        Assert.Equal(count + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.Equal(Job(0), lines[0]);
        Assert.Equal(Job(count - 1), lines[count - 1]);
    }

    [Fact]
    public async Task TrickyStrings_AndTheQueueStripped()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        await using var server = ScriptedControlServer.Start(socket, Reply(3));

        var r = await Cli.RunAsync(socket, "list", "--all");

        Assert.True(r.Code == 0, r.Err);
        var expected = string.Concat(Enumerable.Range(0, 3).Select(i => Job(i).Replace(""","queue":{"q":"a]b"}""", "") + "\n"));
        Assert.Equal(expected, r.Out);
    }

    [Fact]
    public async Task AReplyCutOffInTheMiddle_IsAnError()
    {
        using var dir = new TempDirectory();
        var socket = dir.File("control");
        var reply = Reply(3);
        await using var server = ScriptedControlServer.Start(socket, reply[..(reply.Length / 2)]);

        var r = await Cli.RunAsync(socket, "list", "--all");

        Assert.Equal(1, r.Code);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
