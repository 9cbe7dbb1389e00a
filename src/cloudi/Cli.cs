using System.CommandLine;
using System.CommandLine.Help;
using CloudI.Executable.Commands;

namespace CloudI.Executable;

/// <summary>The command line: <c>cloudi COMMAND [options]</c> (docs/cloudi.md).</summary>
internal static class Cli
{
    /// <summary>The program's name in messages.</summary>
    public const string Name = "cloudi";

    public static async Task<int> RunAsync(string[] args, SignalRelay? signals)
    {
        // Not a RootCommand: that one is named after the entry assembly (CloudI.Executable), not the command.
        var root = new Command(Name, "CloudI service runtime: runs the services of a CloudI configuration file.")
        {
            new HelpOption { Recursive = true },
            new VersionOption(),
            StartCommand.Create(signals),
            StatusCommand.Create(),
            StopCommand.Create(),
        };

        ParseResult parsed = root.Parse(args);
        // --help wins over parse errors, so that `cloudi start --help` explains the missing --config.
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"{Name}: {error.Message}").ConfigureAwait(false);
            }

            Command command = parsed.CommandResult.Command;
            string help = command == root ? $"{Name} --help" : $"{Name} {command.Name} --help";
            await Console.Error.WriteLineAsync($"Try '{help}'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parsed.CommandResult.Command == root && parsed.Action is null)
        {
            await Console.Error.WriteLineAsync($"{Name}: a command is required (start, status, stop). Try '{Name} --help'.")
                .ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // `start` handles SIGTERM/SIGINT itself (graceful stop); System.CommandLine's own handler
        // would otherwise end the process after its termination timeout.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    /// <summary>Writes <c>cloudi: MESSAGE</c> on standard error; returns <paramref name="exitCode"/>.</summary>
    public static int Fail(int exitCode, string message)
    {
        try
        {
            Console.Error.WriteLine($"{Name}: {message}");
        }
        catch (IOException)
        {
            // Nowhere left to report to; the exit code still says it.
        }

        return exitCode;
    }

    /// <summary>The <c>--socket=PATH</c> option.</summary>
    public static Option<string?> SocketOption() => new("--socket")
    {
        Description = "The control socket (default: ${XDG_RUNTIME_DIR:-/tmp}/cloudi-$UID/cloudi.sock).",
        HelpName = "PATH",
    };
}
