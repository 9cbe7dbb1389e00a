using System.Text.Json;
using HarpCaller.Jobs;

namespace HarpCaller.Control;

/// <summary>The JSON shapes of the administrative replies (harpcaller-admin.md).</summary>
internal static class AdminJson
{
    /// <summary>
    /// JOB: <c>{"job","call":{"host","procedure","arguments"},"time":{"submit","start","end"}}</c>,
    /// then the optional <c>"queue"</c> and <c>"running"</c> members.
    /// </summary>
    public static void WriteJob(Utf8JsonWriter w, JobRecord job, bool withQueue = false, string? queueNameJson = null, bool? running = null)
    {
        w.WriteStartObject();
        w.WriteString("job", job.Id.ToString("D"));
        w.WriteStartObject("call");
        w.WriteString("host", job.Host);
        w.WriteString("procedure", job.Procedure);
        w.WritePropertyName("arguments");
        // Stored as the compact JSON the client sent: written back verbatim.
        w.WriteRawValue(job.ArgumentsJson, skipInputValidation: true);
        w.WriteEndObject();
        w.WriteStartObject("time");
        w.WriteNumber("submit", job.Submit);
        WriteNullable(w, "start", job.Start);
        WriteNullable(w, "end", job.End);
        w.WriteEndObject();
        if (withQueue)
        {
            w.WritePropertyName("queue");
            if (queueNameJson is null) w.WriteNullValue();
            else w.WriteRawValue(queueNameJson, skipInputValidation: true);
        }
        if (running is { } r) w.WriteBoolean("running", r);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
