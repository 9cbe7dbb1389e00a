using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary>
/// <c>harpcallerd stop [--timeout=SECONDS] [--print-pid]</c>: asks the daemon to stop gracefully, then
/// waits for its process to exit. It never kills the daemon: a stop that takes too long is reported.
/// </summary>
internal static class StopCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static Command Create(Option<string> socket)
    {
        var timeout = Admin.SecondsOption("--timeout",
            "Wait at most SECONDS for the daemon to exit; if it is still running then, say so and exit 1 (default: wait without limit).");
        var printPid = new Option<bool>("--print-pid") { Description = "Print the daemon's PID (reported by the daemon) before waiting." };
        var command = new Command("stop", "Shut the running daemon down gracefully and wait for its process to exit.")
        {
            timeout, printPid,
        };
        Admin.SetAction(command, (parse, cancellationToken) =>
            RunAsync(parse.GetValue(socket)!, parse.GetValue(timeout), parse.GetValue(printPid), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socketPath, decimal? timeout, bool printPid, CancellationToken cancellationToken)
    {
        int pid;
        using (var reply = await Admin.AskOkAsync(socketPath, "stop", null, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false))
        {
            if (!reply.Root.TryGetProperty("pid", out var value) || value.ValueKind != JsonValueKind.Number
                || !value.TryGetInt32(out pid) || pid <= 0)
            {
                throw reply.Unexpected();
            }
        }
        // Printed at once: a caller may read it while we wait.
        if (printPid) await Console.Out.WriteLineAsync(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);

        var limit = Admin.ToLimit(timeout);
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (limit is { } l && clock.Elapsed >= l)
            {
                return Admin.Fail($"daemon (pid {pid}) still running after {Admin.Format(timeout!.Value)} s");
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Whether process <paramref name="pid"/> still exists. A zombie has exited: its parent (a
    /// supervisor, a shell) just has not collected it yet, and it may never while we wait.
    /// </summary>
    internal static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false; // gone (reading an exiting process's stat may also fail with ESRCH)
        }
        catch (UnauthorizedAccessException)
        {
            return true; // there, but not ours to look at
        }
        // "pid (comm) S ...": comm may itself hold spaces and parentheses, so the state follows the last ')'.
        var end = stat.LastIndexOf(')');
        return end < 0 || end + 2 >= stat.Length || stat[end + 2] != 'Z';
    }
}
