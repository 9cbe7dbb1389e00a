using System.Text.Json;
using HarpCaller.Hosting;
using HarpCaller.Protocol;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Control;

/// <summary>
/// Executes one control-socket request (a JSON object with <c>"command"</c>) and writes its
/// one-line reply. Bad input gets an error reply; nothing here throws for what a client sent.
/// </summary>
internal sealed partial class AdminCommandHandler(DispatcherHost host, IDaemonLifecycle lifecycle, ILogger logger)
{
    /// <summary>The error every command but <c>stop</c> gets while the daemon stops.</summary>
    public const string StoppingMessage = "harpcallerd is stopping";

    // list_jobs --all pages through the store this many jobs at a time, flushing each page.
    private const int ListPage = 1_000;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    // Non-ASCII names stay readable UTF-8 and quotes are \" rather than \u0022.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Prune slices are short; a prune of a huge store may still take minutes.</summary>
    internal static readonly TimeSpan PruneBound = TimeSpan.FromMinutes(30);

    public async Task HandleAsync(ReadOnlyMemory<byte> line, Stream output, CancellationToken cancellationToken)
    {
        var reply = new Utf8JsonWriter(output, WriterOptions);
        await using (reply.ConfigureAwait(false))
        {
            await ExecuteAsync(line, reply, cancellationToken).ConfigureAwait(false);
            await reply.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        output.WriteByte((byte)'\n');
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(ReadOnlyMemory<byte> line, Utf8JsonWriter w, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, ParseOptions);
        }
        catch (JsonException e)
        {
            WriteError(w, $"malformed request: {e.Message}");
            return;
        }
        using (document)
        {
            var request = document.RootElement;
            if (request.ValueKind != JsonValueKind.Object
                || !request.TryGetProperty("command", out var commandElement)
                || commandElement.ValueKind != JsonValueKind.String)
            {
                WriteError(w, "unrecognized command");
                return;
            }
            var command = commandElement.GetString()!;
            // Commands that change something are part of the daemon's event log; queries are not.
            if (ChangesState(command)) LogStateCommand(logger, command, Describe(request));
            else LogCommand(logger, command);
            if (lifecycle.Stopping && command != "stop")
            {
                WriteError(w, StoppingMessage);
                return;
            }
            try
            {
                await ExecuteAsync(command, request, w, cancellationToken).ConfigureAwait(false);
            }
            catch (BadRequest e)
            {
                WriteError(w, e.Message);
            }
        }
    }

    private async Task ExecuteAsync(string command, JsonElement request, Utf8JsonWriter w, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case "status":
                w.WriteStartObject();
                w.WriteString("result", "running");
                w.WriteEndObject();
                break;
            case "stop":
                var pid = lifecycle.RequestStop();
                w.WriteStartObject();
                w.WriteString("result", "ok");
                w.WriteNumber("pid", pid);
                w.WriteEndObject();
                break;
            case "reload_config":
                await ReloadAsync(w, cancellationToken).ConfigureAwait(false);
                break;
            case "list_jobs":
                await ListJobsAsync(w, OptionalBool(request, "all"), cancellationToken).ConfigureAwait(false);
                break;
            case "job_info":
                JobInfo(w, JobId(request));
                break;
            case "cancel_job":
                var found = await host.CancelJobAsync(JobId(request)).ConfigureAwait(false);
                WriteResult(w, found ? "ok" : "no_such_job");
                break;
            case "list_queues":
                ListQueues(w);
                break;
            case "list_queue":
                ListQueue(w, QueueKey(request));
                break;
            case "cancel_queue":
                await host.CancelQueueAsync(QueueKey(request)).ConfigureAwait(false);
                WriteResult(w, "ok");
                break;
            case "list_hosts":
                ListHosts(w);
                break;
            case "refresh_hosts":
                host.Hosts.RequestRefresh();
                WriteResult(w, "ok");
                break;
            case "prune_jobs":
                await PruneAsync(w, request, cancellationToken).ConfigureAwait(false);
                break;
            case "reopen_logs":
                try
                {
                    lifecycle.ReopenLogs();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new BadRequest($"cannot reopen the log file (the old one stays in use): {e.Message}");
                }
                WriteResult(w, "ok");
                break;
            case "dist_start":
            case "dist_stop":
                WriteError(w, "Erlang node networking does not exist in this harpcallerd: it is not an Erlang node "
                    + "(the [erlang] keys are accepted and validated, nothing listens for other nodes)");
                break;
            default:
                WriteError(w, "unrecognized command");
                break;
        }
    }

    private async Task ReloadAsync(Utf8JsonWriter w, CancellationToken cancellationToken)
    {
        var outcome = await lifecycle.ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            WriteError(w, error);
            return;
        }
        w.WriteStartObject();
        w.WriteString("result", "ok");
        if (outcome.RestartRequired.Count > 0)
        {
            // Our addition: which changed keys only take effect after a restart.
            w.WriteStartArray("restart_required");
            foreach (var key in outcome.RestartRequired) w.WriteStringValue(key);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private async Task ListJobsAsync(Utf8JsonWriter w, bool all, CancellationToken cancellationToken)
    {
        w.WriteStartObject();
        w.WriteString("result", "ok");
        w.WriteStartArray("jobs");
        if (!all)
        {
            foreach (var (job, queue) in host.ListActiveJobs()) AdminJson.WriteJob(w, job, withQueue: true, queue);
        }
        else
        {
            // Active jobs are written from their live records (the store lags by one commit).
            var active = host.ListActiveJobs().ToDictionary(j => j.Job.Id);
            var after = 0L;
            while (true)
            {
                var page = host.ReadStoredJobsAfter(after, ListPage);
                foreach (var stored in page)
                {
                    if (active.TryGetValue(stored.Id, out var live)) AdminJson.WriteJob(w, live.Job, withQueue: true, live.QueueNameJson);
                    else AdminJson.WriteJob(w, stored, withQueue: true, stored.QueueNameJson);
                }
                if (page.Count < ListPage) break;
                after = page[^1].Seq;
                await w.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void JobInfo(Utf8JsonWriter w, Guid id)
    {
        if (host.FindJob(id) is not { } job)
        {
            WriteResult(w, "no_such_job");
            return;
        }
        w.WriteStartObject();
        w.WriteString("result", "ok");
        w.WritePropertyName("info");
        AdminJson.WriteJob(w, job);
        w.WriteEndObject();
    }

    private void ListQueues(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("result", "ok");
        w.WriteStartArray("queues");
        foreach (var name in host.ListQueues()) w.WriteRawValue(name, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void ListQueue(Utf8JsonWriter w, string queueKey)
    {
        w.WriteStartObject();
        w.WriteString("result", "ok");
        w.WriteStartArray("jobs");
        foreach (var (job, running) in host.ListQueue(queueKey) ?? []) AdminJson.WriteJob(w, job, running: running);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void ListHosts(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("result", "ok");
        w.WriteStartArray("hosts");
        foreach (var entry in host.Hosts.List())
        {
            // Never the credentials: only what a client needs to name a host.
            w.WriteStartObject();
            w.WriteString("hostname", entry.Hostname);
            w.WriteString("address", entry.Address);
            w.WritePropertyName("port");
            entry.Port.WriteTo(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private async Task PruneAsync(Utf8JsonWriter w, JsonElement request, CancellationToken cancellationToken)
    {
        if (!request.TryGetProperty("max_age", out var maxAge) || maxAge.ValueKind != JsonValueKind.Number
            || !maxAge.TryGetDouble(out var seconds) || seconds < 0 || double.IsInfinity(seconds))
        {
            throw new BadRequest("\"max_age\" must be a non-negative number of seconds");
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(PruneBound);
        var age = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        var pruned = await host.PruneAsync(age, bound.Token).ConfigureAwait(false);
        LogPruned(logger, pruned);
        w.WriteStartObject();
        w.WriteString("result", "ok");
        w.WriteNumber("pruned", pruned);
        w.WriteEndObject();
    }

    private static bool ChangesState(string command) => command is "stop" or "reload_config" or "cancel_job"
        or "cancel_queue" or "refresh_hosts" or "prune_jobs" or "reopen_logs" or "dist_start" or "dist_stop";

    /// <summary>The request's arguments for the log: only ids, queue names and ages, bounded.</summary>
    private static string Describe(JsonElement request)
    {
        foreach (var name in (ReadOnlySpan<string>)["job", "queue", "max_age"])
        {
            if (!request.TryGetProperty(name, out var value)) continue;
            var text = value.GetRawText();
            return $": {name} {(text.Length > 200 ? text[..200] + "..." : text)}";
        }
        return "";
    }

    private static Guid JobId(JsonElement request)
    {
        if (request.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.String
            && Guid.TryParseExact(job.GetString(), "D", out var id))
        {
            return id;
        }
        throw new BadRequest("\"job\" must be a job id (a UUID string)");
    }

    private static string QueueKey(JsonElement request)
    {
        if (!request.TryGetProperty("queue", out var queue)) throw new BadRequest("\"queue\" is missing");
        return JsonText.CanonicalKey(queue);
    }

    private static bool OptionalBool(JsonElement request, string name)
    {
        if (!request.TryGetProperty(name, out var value)) return false;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new BadRequest($"\"{name}\" must be true or false"),
        };
    }

    private static void WriteResult(Utf8JsonWriter w, string result)
    {
        w.WriteStartObject();
        w.WriteString("result", result);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>{"result":"error","message":M}</c>.</summary>
    public static void WriteError(Utf8JsonWriter w, string message)
    {
        w.WriteStartObject();
        w.WriteString("result", "error");
        w.WriteString("message", message);
        w.WriteEndObject();
    }

    private sealed class BadRequest(string message) : Exception(message);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "control command {Command}")]
    private static partial void LogCommand(ILogger logger, string command);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "control command {Command}{Arguments}")]
    private static partial void LogStateCommand(ILogger logger, string command, string arguments);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "prune-jobs removed {Count} jobs")]
    private static partial void LogPruned(ILogger logger, int count);
}
