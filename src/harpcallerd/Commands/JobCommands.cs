using System.CommandLine;
using System.Text.Json;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary><c>list [--all] [--queue]</c>, <c>info &lt;job-id&gt;</c>, <c>cancel &lt;job-id&gt;</c>.</summary>
internal static class JobCommands
{
    public static Command List(Option<string> socket)
    {
        var all = new Option<bool>("--all") { Description = "List all recorded jobs, ended ones included." };
        var queue = new Option<bool>("--queue")
        {
            Description = "Include each job's queue name (the \"queue\" field; null when the job belongs to no queue).",
        };
        var command = new Command("list",
            "List jobs running or waiting in a queue, one JSON object per line: {\"job\",\"call\":{\"host\",\"procedure\",\"arguments\"},\"time\":{\"submit\",\"start\",\"end\"}}.")
        {
            all, queue,
        };
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            var listAll = parse.GetValue(all);
            var keepQueue = parse.GetValue(queue);
            using var output = new JsonLines();
            var client = await ControlClient.ConnectAsync(parse.GetValue(socket)!, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                // Printed job by job as the reply arrives: list --all of a large store is one long
                // line, which is never held whole.
                using var reply = await client.RequestStreamingAsync("list_jobs", w => w.WriteBoolean("all", listAll), "jobs", bytes =>
                {
                    using var job = ParseJob(bytes);
                    // The daemon always sends "queue"; the manual shows it only on request.
                    if (keepQueue) output.Write(job.RootElement);
                    else output.WriteWithout(job.RootElement, "queue");
                }, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
                output.Flush();
                Admin.RequireOk(reply);
                if (!reply.Root.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array) throw reply.Unexpected();
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonDocument ParseJob(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var job = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = ControlClient.MaxDepth });
            if (job.RootElement.ValueKind == JsonValueKind.Object) return job;
            job.Dispose();
        }
        catch (JsonException)
        {
        }
        throw ControlException.Unexpected(System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 200)]));
    }

    public static Command Info(Option<string> socket)
    {
        var id = Admin.JobIdArgument();
        var command = new Command("info", "Print one job, running or ended, as one JSON line (the structure of list's lines).") { id };
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            var job = parse.GetValue(id);
            using var reply = await AskAboutJobAsync(parse.GetValue(socket)!, "job_info", job, cancellationToken).ConfigureAwait(false);
            if (!reply.Root.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object) throw reply.Unexpected();
            using var output = new JsonLines();
            output.Write(info);
            output.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Cancel(Option<string> socket)
    {
        var id = Admin.JobIdArgument();
        var command = new Command("cancel", "Cancel a queued or running job.") { id };
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            using var reply = await AskAboutJobAsync(parse.GetValue(socket)!, "cancel_job", parse.GetValue(id), cancellationToken)
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Asks about one job: an ok reply is returned, <c>no_such_job</c> is an error naming the job.</summary>
    private static async Task<ControlReply> AskAboutJobAsync(string socketPath, string wireCommand, Guid job, CancellationToken cancellationToken)
    {
        var text = job.ToString("D");
        var reply = await Admin.AskAsync(socketPath, wireCommand, w => w.WriteString("job", text), ControlClient.DefaultTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (reply.Result == "ok") return reply;
        using (reply)
        {
            throw reply.Result == "no_such_job" ? new ControlException($"no such job: {text}") : reply.Unexpected();
        }
    }
}
