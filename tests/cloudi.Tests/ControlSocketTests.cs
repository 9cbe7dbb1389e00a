using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CloudI.Executable.Tests;

/// <summary>Whatever a client sends, it gets an answer and the runtime keeps running.</summary>
public sealed class ControlSocketTests
{
    [Fact]
    public async Task Garbage_is_answered_with_errors_and_the_runtime_keeps_running()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        await using CloudiProcess runtime = Cloudi.Start(dir.StartArgs());
        await runtime.WaitForLineAsync("cloudi started:");

        byte[] garbage = [.. "hello there\n"u8, .. "[1,2,3]\n"u8, .. "{\"command\":42}\n"u8, .. "{\"command\":\"dance\"}\n"u8,
            .. "{\"command\":\"status\",\"command\":\"stop\"}\n"u8, 0xff, 0xfe, 0x00, (byte)'\n',
            .. "{\"command\":\"send_sync\"}\n"u8, .. "{\"command\":\"send_sync\",\"name\":\"/x\",\"timeout\":-1}\n"u8,
            .. "{\"command\":\"status\"}\n"u8];
        List<string> replies = await Cloudi.ExchangeAsync(dir.Socket, garbage, 9);
        Assert.Equal(9, replies.Count);
        string[] errors = [.. replies.Take(8).Select(r => Field(r, "error"))];
        Assert.Equal(["request_invalid", "request_invalid", "request_invalid", "command_unknown",
            "request_invalid", "request_invalid", "request_invalid", "request_invalid"], errors);
        Assert.All(replies.Take(8), r => Assert.Equal("error", Field(r, "result")));
        Assert.Equal("ok", Field(replies[8], "result"));

        // Too long a line: an error, then the connection is closed.
        byte[] huge = Encoding.ASCII.GetBytes(new string('x', 100_000) + "\n");
        List<string> tooLong = await Cloudi.ExchangeAsync(dir.Socket, huge, 2);
        Assert.Equal("request_too_long", Field(Assert.Single(tooLong), "error"));

        // A client that connects and goes away without a word, and one that closes mid-line.
        using (var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await silent.ConnectAsync(new UnixDomainSocketEndPoint(dir.Socket));
        }

        using (var partial = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await partial.ConnectAsync(new UnixDomainSocketEndPoint(dir.Socket));
            await partial.SendAsync("{\"comm"u8.ToArray());
        }

        var (exit, stdout, _) = await Cloudi.RunAsync("status", $"--socket={dir.Socket}");
        Assert.Equal(0, exit);
        Assert.Contains("state:    running", stdout);
        Assert.False(runtime.HasExited);
        Assert.DoesNotContain(" ERROR ", runtime.Stdout);
    }

    private static string Field(string line, string name)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty(name).GetString()!;
    }
}

/// <summary>The default socket: ${XDG_RUNTIME_DIR:-/tmp}/cloudi-$UID/cloudi.sock, in a private directory.</summary>
public sealed class DefaultSocketTests
{
    [Fact]
    public async Task The_default_socket_is_in_a_private_per_user_directory()
    {
        using var dir = new TestDir();
        dir.WriteConfig(Configs.Valid());
        var environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = dir.Path };
        await using CloudiProcess runtime = Cloudi.Start(
            ["start", $"--config={dir.Config}", $"--code-path={Cloudi.ServicesDir}"], environment);
        string line = await runtime.WaitForLineAsync("control socket ");
        string socket = line[(line.IndexOf("control socket ", StringComparison.Ordinal) + "control socket ".Length)..];
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(dir.Path)}/cloudi-\\d+/cloudi\\.sock$", socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(socket)!));
        await runtime.WaitForLineAsync("cloudi started:");

        Assert.Equal(0, (await Cloudi.RunAsync(environment, "status")).Exit);
        Assert.Equal(0, (await Cloudi.RunAsync(environment, "stop")).Exit);
        Assert.Equal(0, await runtime.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(Path.Exists(socket));

        // A default directory others may write to is refused (someone could replace the socket).
        File.SetUnixFileMode(Path.GetDirectoryName(socket)!, (UnixFileMode)0b111_111_111);
        await using CloudiProcess refused = Cloudi.Start(
            ["start", $"--config={dir.Config}", $"--code-path={Cloudi.ServicesDir}"], environment);
        Assert.Equal(6, await refused.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("is writable by other users", refused.Stderr);
    }
}
