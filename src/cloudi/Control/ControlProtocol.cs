using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudI.Configuration;
using CloudI.Runtime;
using CloudI.Services;

namespace CloudI.Executable.Control;

/// <summary>
/// The control protocol (docs/cloudi.md, "Control socket"): one JSON object per line in,
/// <c>{"command":"status"|"stop"|"send_sync",...}</c>, one JSON object per line out, always with
/// <c>"result"</c> <c>"ok"</c> or <c>"error"</c> (then also <c>"error"</c>, a reason atom, and
/// <c>"message"</c>). Anything a client sends gets a reply; nothing it sends ends the runtime.
/// </summary>
internal sealed class ControlProtocol(RuntimeHost host)
{
    /// <summary>How requests and replies escape strings: non-ASCII text stays as written.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Longest <c>send_sync</c> timeout, in ms.</summary>
    public const uint MaxSendTimeout = 300_000;

    private static readonly JsonDocumentOptions RequestOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    /// <summary>The reply line (with its '\n') to a request line.</summary>
    public async ValueTask<byte[]> HandleAsync(byte[] line, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, RequestOptions);
        }
        catch (JsonException e)
        {
            return Error("request_invalid", $"the request is not JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement request = document.RootElement;
            if (request.ValueKind != JsonValueKind.Object
                || !request.TryGetProperty("command", out JsonElement command)
                || command.ValueKind != JsonValueKind.String)
            {
                return Error("request_invalid", "a request is a JSON object with a string \"command\"");
            }

            return command.GetString() switch
            {
                "status" => Status(),
                "stop" => Stop(),
                "send_sync" => await SendSyncAsync(request, cancellationToken).ConfigureAwait(false),
                string other => Error("command_unknown",
                    $"unknown command \"{Printable(other)}\" (known: status, stop, send_sync)"),
                null => Error("request_invalid", "a request is a JSON object with a string \"command\""),
            };
        }
    }

    /// <summary>An error reply line.</summary>
    public static byte[] Error(string error, string message) => Reply(w =>
    {
        w.WriteString("result", "error");
        w.WriteString("error", error);
        w.WriteString("message", message);
    });

    private byte[] Status() => Reply(w =>
    {
        w.WriteString("result", "ok");
        w.WriteString("node", host.Runtime.Options.NodeName);
        w.WriteNumber("pid", Environment.ProcessId);
        w.WriteString("state", host.State);
        w.WriteString("started", host.StartedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("uptime_ms", (long)host.Uptime.TotalMilliseconds);
        if (host.ConfigPath is not null)
        {
            w.WriteString("config", host.ConfigPath);
        }

        w.WriteStartArray("services");
        foreach (RunningService service in host.Runtime.Services)
        {
            w.WriteStartObject();
            w.WriteString("id", service.Id.ToString("D"));
            w.WriteString("type", service.Config is InternalServiceConfig ? "internal" : "external");
            w.WriteString("module", service.Config is InternalServiceConfig i ? i.Module
                : service.Config is ExternalServiceConfig e ? e.FilePath : "");
            w.WriteString("prefix", service.Config.Prefix);
            w.WriteNumber("processes", service.ProcessCount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private byte[] Stop()
    {
        host.RequestStop("control socket");
        return Reply(w =>
        {
            w.WriteString("result", "ok");
            w.WriteNumber("pid", Environment.ProcessId);
            w.WriteString("state", "stopping");
        });
    }

    private async ValueTask<byte[]> SendSyncAsync(JsonElement request, CancellationToken cancellationToken)
    {
        if (!request.TryGetProperty("name", out JsonElement nameValue) || nameValue.ValueKind != JsonValueKind.String
            || nameValue.GetString() is not { Length: > 0 } name)
        {
            return Error("request_invalid", "send_sync needs a non-empty string \"name\"");
        }

        string body = "";
        if (request.TryGetProperty("request", out JsonElement bodyValue))
        {
            if (bodyValue.ValueKind != JsonValueKind.String)
            {
                return Error("request_invalid", "\"request\" is a string");
            }

            body = bodyValue.GetString()!;
        }

        uint timeout = ServiceConfig.DefaultTimeout;
        if (request.TryGetProperty("timeout", out JsonElement timeoutValue))
        {
            if (timeoutValue.ValueKind != JsonValueKind.Number || !timeoutValue.TryGetUInt32(out timeout)
                || timeout == 0 || timeout > MaxSendTimeout)
            {
                return Error("request_invalid", $"\"timeout\" is a number of milliseconds, 1 to {MaxSendTimeout}");
            }
        }

        if (host.State != "running")
        {
            return Error("not_running", $"the runtime is {host.State}");
        }

        SendSyncResult result;
        try
        {
            result = await host.SendSyncAsync(name, Encoding.UTF8.GetBytes(body), timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Error("send_failed", e.Message);
        }

        if (!result.IsOk)
        {
            return Error(result.Error!, $"send_sync to {name}: {result.Error}");
        }

        return Reply(w =>
        {
            w.WriteString("result", "ok");
            w.WriteString("response_info", Encoding.UTF8.GetString(result.ResponseInfo.Span));
            w.WriteString("response", result.ResponseText);
        });
    }

    private static byte[] Reply(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static string Printable(string text)
    {
        string cut = text.Length > 100 ? text[..100] + "..." : text;
        return cut.Any(char.IsControl) ? new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]) : cut;
    }
}
