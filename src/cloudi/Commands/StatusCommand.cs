using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudI.Executable.Control;

namespace CloudI.Executable.Commands;

/// <summary>
/// <c>cloudi status [--socket=PATH] [--json]</c>: node name, pid, state, uptime and one line per
/// running service. Exit 0 when a runtime answers, 3 when none runs (LSB), 1 on any other failure.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var socket = Cli.SocketOption();
        var json = new Option<bool>("--json") { Description = "Print the runtime's status reply as one JSON line." };
        var command = new Command("status",
            "Show whether a runtime serves the control socket: node, pid, state, uptime and its running services "
            + "(id, module, prefix, process count). Exit 0 if running, 3 if not.")
        {
            socket, json,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(SocketPaths.Resolve(parse.GetValue(socket)), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socketPath, bool json, CancellationToken cancellationToken)
    {
        try
        {
            ControlClient client = await ControlClient.ConnectAsync(socketPath, ControlClient.DefaultTimeout, cancellationToken)
                .ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                using JsonDocument reply = await client.RequestAsync("status", ControlClient.DefaultTimeout, cancellationToken)
                    .ConfigureAwait(false);
                string text = json ? reply.RootElement.GetRawText() + "\n" : Format(reply.RootElement);
                await Console.Out.WriteAsync(text).ConfigureAwait(false);
                await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }
        catch (NotRunningException e)
        {
            await Console.Out.WriteLineAsync($"cloudi is {e.Message}").ConfigureAwait(false);
            return ExitCodes.NotRunning;
        }
        catch (ControlException e)
        {
            return Cli.Fail(ExitCodes.Failure, e.Message);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return Cli.Fail(ExitCodes.Failure, $"unexpected status reply: {e.Message}");
        }
    }

    /// <summary>The human form of a status reply.</summary>
    internal static string Format(JsonElement status)
    {
        var text = new StringBuilder();
        string Str(string name) => status.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? Printable(v.GetString()!) : "?";

        long uptimeMs = status.TryGetProperty("uptime_ms", out JsonElement u) && u.TryGetInt64(out long ms) ? ms : 0;
        text.Append(CultureInfo.InvariantCulture, $"node:     {Str("node")}\n");
        text.Append(CultureInfo.InvariantCulture, $"pid:      {(status.TryGetProperty("pid", out JsonElement pid) ? pid.GetRawText() : "?")}\n");
        text.Append(CultureInfo.InvariantCulture, $"state:    {Str("state")}\n");
        text.Append(CultureInfo.InvariantCulture, $"uptime:   {FormatUptime(TimeSpan.FromMilliseconds(uptimeMs))} (since {Str("started")})\n");
        if (status.TryGetProperty("config", out _))
        {
            text.Append(CultureInfo.InvariantCulture, $"config:   {Str("config")}\n");
        }

        var rows = new List<string[]>();
        if (status.TryGetProperty("services", out JsonElement services) && services.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement service in services.EnumerateArray())
            {
                string Field(string name) => service.TryGetProperty(name, out JsonElement v)
                    ? v.ValueKind == JsonValueKind.String ? Printable(v.GetString()!) : v.GetRawText()
                    : "?";
                rows.Add([Field("id"), Field("module"), Field("prefix"), Field("processes")]);
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"services: {rows.Count}\n");
        if (rows.Count > 0)
        {
            string[] header = ["ID", "MODULE", "PREFIX", "PROCESSES"];
            int[] widths = [.. Enumerable.Range(0, 3).Select(c => Math.Max(header[c].Length, rows.Max(r => r[c].Length)))];
            void Row(string[] r) => text.Append("  ")
                .Append(r[0].PadRight(widths[0])).Append("  ")
                .Append(r[1].PadRight(widths[1])).Append("  ")
                .Append(r[2].PadRight(widths[2])).Append("  ")
                .Append(r[3]).Append('\n');
            Row(header);
            foreach (string[] row in rows)
            {
                Row(row);
            }
        }

        return text.ToString();
    }

    private static string FormatUptime(TimeSpan t) => t.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d {t.Hours:00}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Hours:00}:{t.Minutes:00}:{t.Seconds:00}");

    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]) : text;
}
