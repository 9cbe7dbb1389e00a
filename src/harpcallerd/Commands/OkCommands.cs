using System.CommandLine;
using System.Text.Json;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary>
/// The commands that only ask the daemon to do something and print nothing on success:
/// <c>reload</c>, <c>dist-erl-start</c>, <c>dist-erl-stop</c>, <c>hosts-refresh</c>, <c>reopen-logs</c>.
/// </summary>
internal static class OkCommands
{
    public static Command Reload(Option<string> socket) =>
        Create(socket, "reload", "reload_config",
            "Reload the configuration file; if the new file is invalid, the running configuration is kept and the error is printed.");

    public static Command DistErlStart(Option<string> socket) =>
        Create(socket, "dist-erl-start", "dist_start", "Start the daemon's node networking (Distributed Erlang in the original daemon).");

    public static Command DistErlStop(Option<string> socket) =>
        Create(socket, "dist-erl-stop", "dist_stop", "Shut the daemon's node networking (Distributed Erlang in the original daemon) down.");

    public static Command HostsRefresh(Option<string> socket) =>
        Create(socket, "hosts-refresh", "refresh_hosts",
            "Refresh the hosts registry now, outside its schedule (the refresh runs in the background).");

    public static Command ReopenLogs(Option<string> socket) =>
        Create(socket, "reopen-logs", "reopen_logs", "Close and reopen [erlang] log_file (for logrotate); no-op if it is not set.");

    private static Command Create(Option<string> socket, string name, string wireCommand, string description)
    {
        var command = new Command(name, description);
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            using var reply = await Admin.AskOkAsync(parse.GetValue(socket)!, wireCommand, null, ControlClient.DefaultTimeout, cancellationToken)
                .ConfigureAwait(false);
            await ReportRestartRequiredAsync(reply).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    // The daemon's reload reply may name changed settings that only a restart applies (its
    // addition to the spec's reply); they are worth a notice, on stderr so success still prints nothing.
    private static async Task ReportRestartRequiredAsync(ControlReply reply)
    {
        if (!reply.Root.TryGetProperty("restart_required", out var keys) || keys.ValueKind != JsonValueKind.Array) return;
        var names = keys.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!).ToList();
        if (names.Count == 0) return;
        await Console.Error.WriteLineAsync(
            $"harpcallerd: reloaded; changes to these settings take effect after a restart: {string.Join(", ", names)}").ConfigureAwait(false);
    }
}
