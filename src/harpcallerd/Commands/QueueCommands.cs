using System.CommandLine;
using System.Text.Json;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary><c>queue-list [&lt;queue-name&gt;]</c> and <c>queue-cancel &lt;queue-name&gt;</c>; a queue name is JSON.</summary>
internal static class QueueCommands
{
    public static Command List(Option<string> socket)
    {
        var name = Admin.QueueNameArgument(
            "A queue's name, as JSON (quote it for the shell, e.g. '{\"name\":\"backups\"}'): list this queue's jobs instead of the queues.",
            ArgumentArity.ZeroOrOne);
        var command = new Command("queue-list",
            "List the queues that have a job running or waiting (one JSON name per line), or with a queue name, that queue's jobs "
            + "(one JSON object per line, as list prints them plus \"running\", running jobs first).")
        {
            name,
        };
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            var socketPath = parse.GetValue(socket)!;
            if (parse.GetValue(name) is not { } queue)
            {
                using var names = await Admin.AskOkAsync(socketPath, "list_queues", null, ControlClient.DefaultTimeout, cancellationToken)
                    .ConfigureAwait(false);
                var list = names.Array("queues").ToList();
                using var output = new JsonLines();
                foreach (var item in list) output.Write(item);
                output.Flush();
            }
            else
            {
                using var jobs = await Admin.AskOkAsync(socketPath, "list_queue", w => WriteQueue(w, queue), ControlClient.DefaultTimeout,
                    cancellationToken).ConfigureAwait(false);
                var list = JsonLines.Objects(jobs, jobs.Array("jobs"));
                using var output = new JsonLines();
                foreach (var job in list) output.Write(job);
                output.Flush();
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Cancel(Option<string> socket)
    {
        var name = Admin.QueueNameArgument("The queue's name, as JSON (quote it for the shell, e.g. '{\"name\":\"backups\"}').",
            ArgumentArity.ExactlyOne);
        var command = new Command("queue-cancel",
            "Cancel all the jobs of a queue, waiting and running. Not atomic: a job submitted at the same moment may re-create the queue.")
        {
            name,
        };
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            var queue = parse.GetValue(name)!.Value;
            using var reply = await Admin.AskOkAsync(parse.GetValue(socket)!, "cancel_queue", w => WriteQueue(w, queue),
                ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    // The name goes on the wire as the JSON value itself (compact), not as a string holding JSON.
    private static void WriteQueue(Utf8JsonWriter w, JsonElement queue)
    {
        w.WritePropertyName("queue");
        queue.WriteTo(w);
    }
}
