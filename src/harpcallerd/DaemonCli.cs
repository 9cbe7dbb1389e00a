using System.CommandLine;
using System.CommandLine.Help;
using HarpCaller.Daemon.Commands;

namespace HarpCaller.Daemon;

/// <summary>The command line: <c>harpcallerd [--socket=PATH] COMMAND [options]</c>.</summary>
internal static class DaemonCli
{
    /// <summary>Default control socket path (manual).</summary>
    public const string DefaultSocket = "/var/run/harpcaller/control";

    /// <summary>Default configuration file (manual).</summary>
    public const string DefaultConfig = "/etc/harpcaller/harpcaller.toml";

    public static async Task<int> RunAsync(string[] args)
    {
        var socket = new Option<string>("--socket")
        {
            Description = "Path to the controlling socket.",
            HelpName = "PATH",
            DefaultValueFactory = _ => DefaultSocket,
            Recursive = true,
        };
        var root = new RootCommand("HarpCaller daemon: runs remote procedure calls on harpd daemons and records them.");
        root.Add(socket);
        root.Add(StartCommand.Create(socket));
        foreach (var command in AdminCommands.Create(socket)) root.Add(command);

        var parsed = root.Parse(args);
        // --help wins over parse errors, so that `harpcallerd info --help` explains the missing argument.
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"harpcallerd: {error.Message}").ConfigureAwait(false);
            await WriteHelpToStandardErrorAsync(root, parsed.CommandResult.Command).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        if (parsed.CommandResult.Command == root && parsed.Action is not HelpAction)
        {
            await Console.Error.WriteLineAsync("harpcallerd: a command is required.").ConfigureAwait(false);
            await WriteHelpToStandardErrorAsync(root, root).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        // The daemon handles SIGTERM/SIGINT itself (graceful stop); System.CommandLine's own handler
        // would otherwise end the process after its termination timeout.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    // A usage error prints the message and the command's help on standard error (admin spec).
    private static async Task WriteHelpToStandardErrorAsync(RootCommand root, Command command)
    {
        await Console.Error.WriteLineAsync().ConfigureAwait(false);
        string[] help = command == root ? ["--help"] : [command.Name, "--help"];
        await root.Parse(help).InvokeAsync(new InvocationConfiguration { Output = Console.Error }).ConfigureAwait(false);
    }
}
