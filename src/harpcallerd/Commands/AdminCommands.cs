using System.CommandLine;

namespace HarpCaller.Daemon.Commands;

/// <summary>Every administrative command (the client side of the control socket), in the manual's order.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> Create(Option<string> socket) =>
    [
        StatusCommand.Create(socket),
        StopCommand.Create(socket),
        OkCommands.Reload(socket),
        OkCommands.DistErlStart(socket),
        OkCommands.DistErlStop(socket),
        JobCommands.List(socket),
        JobCommands.Info(socket),
        JobCommands.Cancel(socket),
        QueueCommands.List(socket),
        QueueCommands.Cancel(socket),
        HostsListCommand.Create(socket),
        OkCommands.HostsRefresh(socket),
        PruneJobsCommand.Create(socket),
        OkCommands.ReopenLogs(socket),
    ];
}
