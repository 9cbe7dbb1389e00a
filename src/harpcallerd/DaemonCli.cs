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
            var command = parsed.CommandResult.Command;
            var help = command == root ? "harpcallerd --help" : $"harpcallerd {command.Name} --help";
            await Console.Error.WriteLineAsync($"Try '{help}'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        if (parsed.CommandResult.Command == root && parsed.Action is not HelpAction)
        {
            await Console.Error.WriteLineAsync("harpcallerd: a command is required. Try 'harpcallerd --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        // The daemon handles SIGTERM/SIGINT itself (graceful stop); System.CommandLine's own handler
        // would otherwise end the process after its termination timeout.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
