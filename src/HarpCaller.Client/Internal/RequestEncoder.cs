using System.Text.Json;

namespace HarpCaller.Client.Internal;

/// <summary>
/// Encodes the client protocol's requests (spec 1.3-1.8), one method per message. Every request is
/// one compact JSON line ending in <c>\n</c> and starts with the <c>"harpcaller":1</c> envelope.
/// </summary>
internal static class RequestEncoder
{
    /// <summary>A call: <c>{"harpcaller":1,"host":H,"procedure":P,"arguments":A,...}</c>.</summary>
    public static byte[] Call(CallSpec call) => CompactJson.WriteUtf8(
        writer =>
        {
            writer.WriteStartObject();
            WriteEnvelope(writer);

            // host, procedure: strings; the dispatcher looks the host up when the job starts.
            writer.WriteString("host", call.Host);
            writer.WriteString("procedure", call.Procedure);

            // arguments: always sent; default(JsonText) means no arguments, which the protocol writes as [].
            writer.WritePropertyName("arguments");
            if (call.Arguments == JsonText.Null)
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }
            else
            {
                call.Arguments.WriteTo(writer);
            }

            // timeout, max_exec_time: seconds; omitted so the dispatcher's configured defaults apply.
            WriteSeconds(writer, "timeout", call.Timeout);
            WriteSeconds(writer, "max_exec_time", call.MaxExecTime);

            // queue: {"name":{...}[,"concurrency":C]}; concurrency only matters to the call creating the queue.
            if (call.Queue is { } queue)
            {
                writer.WriteStartObject("queue");
                writer.WritePropertyName("name");
                queue.WriteTo(writer);
                if (call.Concurrency is { } concurrency)
                {
                    writer.WriteNumber("concurrency", concurrency);
                }

                writer.WriteEndObject();
            }

            // info: any JSON value stored verbatim; absent means null to the dispatcher.
            if (call.Info is { } info)
            {
                writer.WritePropertyName("info");
                info.WriteTo(writer);
            }

            writer.WriteEndObject();
        },
        newline: true);

    /// <summary>Cancel: <c>{"harpcaller":1,"cancel":ID}</c>.</summary>
    public static byte[] Cancel(string jobId) => Simple("cancel", jobId);

    /// <summary>Result: <c>{"harpcaller":1,"get_result":ID,"wait":W}</c>; wait always explicit, like the original client.</summary>
    public static byte[] GetResult(string jobId, bool wait) => CompactJson.WriteUtf8(
        writer =>
        {
            writer.WriteStartObject();
            WriteEnvelope(writer);
            writer.WriteString("get_result", jobId);
            writer.WriteBoolean("wait", wait);
            writer.WriteEndObject();
        },
        newline: true);

    /// <summary>Status: <c>{"harpcaller":1,"get_status":ID}</c>.</summary>
    public static byte[] GetStatus(string jobId) => Simple("get_status", jobId);

    /// <summary>Follow: <c>{"harpcaller":1,"follow_stream":ID[,"since":N|"recent":N]}</c>.</summary>
    public static byte[] FollowStream(string jobId, StreamStart start) => Stream("follow_stream", jobId, start);

    /// <summary>Page-wise read: <c>{"harpcaller":1,"read_stream":ID[,"since":N|"recent":N]}</c>.</summary>
    public static byte[] ReadStream(string jobId, StreamStart start) => Stream("read_stream", jobId, start);

    private static byte[] Simple(string operation, string jobId) => CompactJson.WriteUtf8(
        writer =>
        {
            writer.WriteStartObject();
            WriteEnvelope(writer);
            writer.WriteString(operation, jobId);
            writer.WriteEndObject();
        },
        newline: true);

    private static byte[] Stream(string operation, string jobId, StreamStart start) => CompactJson.WriteUtf8(
        writer =>
        {
            writer.WriteStartObject();
            WriteEnvelope(writer);
            writer.WriteString(operation, jobId);

            // since/recent are mutually exclusive; StreamStart holds at most one of them.
            if (start.Key is { } key)
            {
                writer.WriteNumber(key, start.Value);
            }

            writer.WriteEndObject();
        },
        newline: true);

    private static void WriteEnvelope(Utf8JsonWriter writer)
    {
        // Protocol version: the only one there is.
        writer.WriteNumber("harpcaller", 1);
    }

    private static void WriteSeconds(Utf8JsonWriter writer, string key, TimeSpan? value)
    {
        if (value is not { } span)
        {
            return;
        }

        // Whole seconds go as integers, the form every dispatcher accepts; fractions keep millisecond precision.
        if (span.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            writer.WriteNumber(key, span.Ticks / TimeSpan.TicksPerSecond);
        }
        else
        {
            writer.WriteNumber(key, Math.Round(span.TotalSeconds, 3));
        }
    }
}
