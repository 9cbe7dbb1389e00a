using System.CommandLine;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary><c>harpcallerd hosts-list</c>: the hosts registry, one <c>{"hostname","address","port"}</c> per line.</summary>
internal static class HostsListCommand
{
    public static Command Create(Option<string> socket)
    {
        var command = new Command("hosts-list",
            "List the hosts known to the hosts registry (those calls may name), one JSON object per line: {\"hostname\",\"address\",\"port\"}; never credentials.");
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            using var reply = await Admin.AskOkAsync(parse.GetValue(socket)!, "list_hosts", null, ControlClient.DefaultTimeout, cancellationToken)
                .ConfigureAwait(false);
            var hosts = JsonLines.Objects(reply, reply.Array("hosts"));
            using var output = new JsonLines();
            foreach (var host in hosts) output.Write(host);
            output.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }
}
