using System.Text;
using System.Text.Json;

namespace HarpCaller.Load;

/// <summary>Request lines and reply judgements for the load modes (spec section 1).</summary>
internal static class Replies
{
    public static byte[] Call(LoadOptions options) => Line(
        $"{{\"harpcaller\":1,\"host\":{JsonSerializer.Serialize(options.Host)},\"procedure\":{JsonSerializer.Serialize(options.Procedure)},\"arguments\":{options.Args}}}");

    public static byte[] GetStatus(string job) => Line($"{{\"harpcaller\":1,\"get_status\":{JsonSerializer.Serialize(job)}}}");

    public static byte[] ReadStream(string job) => Line($"{{\"harpcaller\":1,\"read_stream\":{JsonSerializer.Serialize(job)},\"since\":0}}");

    public static byte[] GetResult(string job) => Line($"{{\"harpcaller\":1,\"get_result\":{JsonSerializer.Serialize(job)},\"wait\":true}}");

    /// <summary>A call reply: done when it carries a string job_id, which is stored in <paramref name="jobId"/>.</summary>
    public static LineVerdict JudgeSubmit(ReadOnlySpan<byte> line, out string? jobId)
    {
        jobId = null;
        if (!TryParse(line, out var root))
        {
            return LineVerdict.Unexpected;
        }

        if (root.TryGetProperty("job_id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            jobId = id.GetString();
            return LineVerdict.Done;
        }

        return root.TryGetProperty("error", out _) ? LineVerdict.Error : LineVerdict.Unexpected;
    }

    /// <summary>A status reply: done when it has the call/time/info keys.</summary>
    public static LineVerdict JudgeStatus(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        var keys = 0;
        var error = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LineVerdict.Unexpected;
            }

            // Only top-level keys matter; values are skipped without building a document.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("call"u8) || reader.ValueTextEquals("time"u8) || reader.ValueTextEquals("info"u8))
                {
                    keys++;
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    error = true;
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return LineVerdict.Unexpected;
        }

        return keys == 3 ? LineVerdict.Done : error ? LineVerdict.Error : LineVerdict.Unexpected;
    }

    /// <summary>A stream line: a packet asks for more; anything else is the terminal line.</summary>
    public static LineVerdict JudgeStreamLine(ReadOnlySpan<byte> line, out bool isPacket)
    {
        isPacket = false;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LineVerdict.Unexpected;
            }

            var error = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("packet"u8))
                {
                    isPacket = true;
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    error = true;
                }

                reader.Read();
                reader.Skip();
            }

            return isPacket ? LineVerdict.More : error ? LineVerdict.Error : LineVerdict.Done;
        }
        catch (JsonException)
        {
            return LineVerdict.Unexpected;
        }
    }

    /// <summary>e2e: the final reply must be {"result":V} with V equal to the expected value (if one is set).</summary>
    public static LineVerdict JudgeResult(ReadOnlySpan<byte> line, JsonElement? expected)
    {
        if (!TryParse(line, out var root) || !root.TryGetProperty("result", out var value))
        {
            return LineVerdict.Unexpected;
        }

        return expected is not { } wanted || JsonElement.DeepEquals(wanted, value) ? LineVerdict.Done : LineVerdict.Unexpected;
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out JsonElement root)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            root = JsonElement.ParseValue(ref reader);
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static byte[] Line(string json) => Encoding.UTF8.GetBytes(json + "\n");
}
