using System.CommandLine;
using System.Diagnostics;
using HarpCaller.Control;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary><c>harpcallerd status [--wait [--timeout=SECONDS]]</c>: prints "running" (exit 0) or "not running" (exit 1).</summary>
internal static class StatusCommand
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(Option<string> socket)
    {
        var wait = new Option<bool>("--wait")
        {
            Description = "While the control socket is missing or refuses connections, wait for the daemon to start.",
        };
        var timeout = Admin.SecondsOption("--timeout", "With --wait: wait at most SECONDS (default: without limit).");
        var command = new Command("status", "Check whether the daemon is running: prints \"running\" (exit 0) or \"not running\" (exit 1).")
        {
            wait, timeout,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(timeout) is { Implicit: false } && !result.GetValue(wait)) result.AddError("--timeout requires --wait.");
        });
        Admin.SetAction(command, (parse, cancellationToken) =>
            RunAsync(parse.GetValue(socket)!, parse.GetValue(wait), Admin.ToLimit(parse.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socketPath, bool wait, TimeSpan? limit, CancellationToken cancellationToken)
    {
        ControlReply reply;
        try
        {
            var client = wait
                ? await WaitForDaemonAsync(socketPath, limit, cancellationToken).ConfigureAwait(false)
                : await ControlClient.ConnectAsync(socketPath, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                reply = await Admin.AskAsync(client, "status", null, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DaemonNotRunningException e)
        {
            // Saying why matters when something is there but does not answer; a missing socket needs no comment.
            if (!e.IsPlainNotRunning) Admin.Fail(e.Message);
            await Console.Out.WriteLineAsync("not running").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (ControlException e) when (e.Message == AdminCommandHandler.StoppingMessage)
        {
            // A daemon in the middle of a graceful stop answers only "stop": for scripts it is
            // no longer running (spec: status prints one of the two words).
            Admin.Fail(e.Message);
            await Console.Out.WriteLineAsync("not running").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        using (reply)
        {
            if (reply.Result != "running") throw reply.Unexpected();
        }
        await Console.Out.WriteLineAsync("running").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Connects, retrying while no daemon serves the socket, for at most <paramref name="limit"/>.</summary>
    private static async Task<ControlClient> WaitForDaemonAsync(string socketPath, TimeSpan? limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await ControlClient.ConnectAsync(socketPath, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (DaemonNotRunningException) when (limit is null || clock.Elapsed < limit)
            {
            }
            var pause = limit is { } l && l - clock.Elapsed < RetryInterval ? l - clock.Elapsed : RetryInterval;
            // The last attempt is made at the deadline itself, so a daemon that just made it counts.
            await Task.Delay(pause > TimeSpan.Zero ? pause : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
    }
}
