using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CloudI.Executable.Control;

namespace CloudI.Executable.Commands;

/// <summary>
/// <c>cloudi stop [--socket=PATH] [--timeout=SECONDS]</c>: asks the runtime to stop and waits
/// until it has (its control connection closed and its process gone). It never kills the runtime.
/// </summary>
internal static class StopCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static Command Create()
    {
        var socket = Cli.SocketOption();
        var timeout = new Option<double?>("--timeout")
        {
            Description = "Wait at most SECONDS for the runtime to exit; if it is still running then, say so and exit 1 "
                + "(default: wait until it has stopped).",
            HelpName = "SECONDS",
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } s && (double.IsNaN(s) || s < 0 || double.IsInfinity(s)))
            {
                result.AddError("--timeout: SECONDS is a non-negative number.");
            }
        });
        var command = new Command("stop",
            "Ask the running runtime to stop (every service within its termination timeout) and wait until it has exited. "
            + "Exit 0 once stopped, 3 if no runtime runs, 1 if it is still running after --timeout.")
        {
            socket, timeout,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(SocketPaths.Resolve(parse.GetValue(socket)), parse.GetValue(timeout), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socketPath, double? timeoutSeconds, CancellationToken cancellationToken)
    {
        TimeSpan? limit = timeoutSeconds is { } s ? TimeSpan.FromSeconds(Math.Min(s, 1e9)) : null;
        var clock = Stopwatch.StartNew();
        try
        {
            ControlClient client = await ControlClient.ConnectAsync(socketPath, ControlClient.DefaultTimeout, cancellationToken)
                .ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                int pid;
                using (JsonDocument reply = await client.RequestAsync("stop", ControlClient.DefaultTimeout, cancellationToken)
                    .ConfigureAwait(false))
                {
                    pid = reply.RootElement.TryGetProperty("pid", out JsonElement p) && p.TryGetInt32(out int n) ? n : 0;
                }

                // The runtime closes every control connection as it exits, after its services stopped.
                bool closed = await client.WaitClosedAsync(Remaining(limit, clock), cancellationToken).ConfigureAwait(false);
                while (closed && pid > 0 && IsAlive(pid))
                {
                    if (limit is { } l && clock.Elapsed >= l)
                    {
                        closed = false;
                        break;
                    }

                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                }

                if (!closed)
                {
                    return Cli.Fail(ExitCodes.Failure, string.Create(CultureInfo.InvariantCulture,
                        $"the runtime (pid {pid}) is still running after {timeoutSeconds} s"));
                }

                return ExitCodes.Ok;
            }
        }
        catch (NotRunningException e)
        {
            return Cli.Fail(ExitCodes.NotRunning, e.Message);
        }
        catch (ControlException e)
        {
            return Cli.Fail(ExitCodes.Failure, e.Message);
        }
    }

    private static TimeSpan? Remaining(TimeSpan? limit, Stopwatch clock) =>
        limit is { } l ? (l - clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero) : null;

    /// <summary>
    /// Whether process <paramref name="pid"/> still exists. A zombie has exited: its parent just
    /// has not collected it yet.
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
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }

        int end = stat.LastIndexOf(')');
        return end < 0 || end + 2 >= stat.Length || stat[end + 2] != 'Z';
    }
}
