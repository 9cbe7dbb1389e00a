using System.CommandLine;
using HarpCaller.Client;

namespace HarpCaller.Cli;

/// <summary>
/// The <c>harp</c> command tree: one subcommand per client request. Output is one JSON line per
/// item on standard output; diagnostics go to standard error; the exit code says how it went
/// (<see cref="ExitCodes"/>).
/// </summary>
internal sealed partial class HarpCli
{
    /// <summary>Environment variable naming the dispatcher when --server is not given.</summary>
    public const string ServerVariable = "HARP_SERVER";

    private readonly CliContext _context;

    private readonly Option<string?> _server = new("--server")
    {
        Description = $"Dispatcher address HOST:PORT (default: ${ServerVariable}, else {ServerAddress.Default}).",
        HelpName = "HOST:PORT",
        Recursive = true,
    };

    /// <summary>Builds the command tree writing to <paramref name="context"/>.</summary>
    public HarpCli(CliContext context)
    {
        _context = context;
        Root = new RootCommand(
            "Client of the HarpCaller dispatcher: submit calls, read results, status and streams. " +
            "Output is JSON, one line per item. " + ExitCodes.HelpTable)
        {
            _server,
        };
        Root.Subcommands.Add(BuildCall());
        Root.Subcommands.Add(BuildResult());
        Root.Subcommands.Add(BuildStatus());
        Root.Subcommands.Add(BuildFollow());
        Root.Subcommands.Add(BuildRead());
        Root.Subcommands.Add(BuildCancel());
    }

    /// <summary>The root command.</summary>
    public RootCommand Root { get; }

    /// <summary>Parses and runs a command line with the process's console.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        new HarpCli(CliContext.FromConsole()).InvokeAsync(args, handleTermination: true, cancellationToken);

    /// <summary>Parses a command line without running it.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) =>
        Root.Parse(args, new ParserConfiguration
        {
            // "@file" would otherwise be replaced by the file's content: surprising for host names and JSON.
            ResponseFileTokenReplacer = null,
        });

    /// <summary>
    /// Parses and runs a command line; returns the exit code. Parse errors are reported here, with
    /// exit code 2, instead of by the library's handler (which would use 1, our "job failed" code).
    /// </summary>
    public async Task<int> InvokeAsync(IReadOnlyList<string> args, bool handleTermination, CancellationToken cancellationToken)
    {
        var parse = Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parse.Errors)
            {
                await _context.Error.WriteLineAsync($"harp: {error.Message}").ConfigureAwait(false);
            }

            await _context.Error.WriteLineAsync("Try 'harp --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _context.Out,
            Error = _context.Error,

            // Our actions map every failure to a documented code; the default handler would exit 1.
            EnableDefaultExceptionHandler = false,

            // In-process callers (tests) pass their own token and must not grab the process's signals.
            ProcessTerminationTimeout = handleTermination ? TimeSpan.FromSeconds(2) : null,
        };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves the dispatcher address: --server, then HARP_SERVER, then the default.</summary>
    internal bool TryGetServer(ParseResult parse, out ServerAddress address, out string? error)
    {
        var text = parse.GetValue(_server) ?? _context.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrEmpty(text))
        {
            text = ServerAddress.Default;
        }

        return ServerAddress.TryParse(text, out address, out error);
    }

    private Command BuildCall()
    {
        var host = new Argument<string>("HOST") { Description = "Target host as known to the dispatcher's hosts registry." };
        var procedure = new Argument<string>("PROCEDURE") { Description = "Procedure to run." };
        var arguments = new Argument<JsonText?>("ARGS-JSON")
        {
            Description = "Arguments: a JSON array (positional) or object (named). Default [].",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = CliParsers.JsonContainer("ARGS-JSON"),
        };
        var queue = new Option<JsonText?>("--queue")
        {
            Description = "Run in the queue with this name (a JSON object).",
            HelpName = "JSON",
            CustomParser = CliParsers.JsonObject("--queue"),
        };
        var concurrency = new Option<int?>("--concurrency")
        {
            Description = "Jobs of the queue allowed to run at once, if this call creates it (needs --queue).",
            HelpName = "N",
        };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--concurrency must be at least 1.");
            }
        });
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Longest wait in seconds between two messages from the daemon.",
            HelpName = "S",
            CustomParser = CliParsers.Seconds("--timeout"),
        };
        var maxExecTime = new Option<TimeSpan?>("--max-exec-time")
        {
            Description = "Longest total run time in seconds (capped by the dispatcher's setting).",
            HelpName = "S",
            CustomParser = CliParsers.Seconds("--max-exec-time"),
        };
        var info = new Option<JsonText?>("--info")
        {
            Description = "Any JSON value stored with the job and shown by status.",
            HelpName = "JSON",
            CustomParser = CliParsers.Json("--info"),
        };
        var wait = new Option<bool>("--wait") { Description = "After printing the job id, wait for the result and print it." };

        var command = new Command("call", "Submit a call; prints {\"job_id\":...} (and with --wait the result line).")
        {
            host, procedure, arguments, queue, concurrency, timeout, maxExecTime, info, wait,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(concurrency) is not null && result.GetResult(queue) is null)
            {
                result.AddError("--concurrency needs --queue.");
            }
        });
        command.SetAction((parse, ct) => RunGuardedAsync(parse, ct, client => CallAsync(
            client,
            new CallSpec(parse.GetRequiredValue(host), parse.GetRequiredValue(procedure))
            {
                Arguments = parse.GetValue(arguments) ?? default,
                Queue = parse.GetValue(queue),
                Concurrency = parse.GetValue(concurrency),
                Timeout = parse.GetValue(timeout),
                MaxExecTime = parse.GetValue(maxExecTime),
                Info = parse.GetValue(info),
            },
            parse.GetValue(wait),
            ct)));
        return command;
    }

    private Command BuildResult()
    {
        var id = JobIdArgument();
        var wait = new Option<bool>("--wait") { Description = "Wait until the job has ended (otherwise an unfinished job prints {\"no_result\":true}, exit 5)." };
        var command = new Command("result", "Print a job's result line.") { id, wait };
        command.SetAction((parse, ct) => RunGuardedAsync(parse, ct, client => ResultAsync(client, parse.GetRequiredValue(id), parse.GetValue(wait), ct)));
        return command;
    }

    private Command BuildStatus()
    {
        var id = JobIdArgument();
        var command = new Command("status", "Print a job's call, times and info.") { id };
        command.SetAction((parse, ct) => RunGuardedAsync(parse, ct, client => StatusAsync(client, parse.GetRequiredValue(id), ct)));
        return command;
    }

    private Command BuildFollow()
    {
        var id = JobIdArgument();
        var (since, recent) = StreamStartOptions("Default: only packets produced from now on.");
        var command = new Command("follow", "Print a job's stream packets as they come, then its result line.") { id, since, recent };
        AddExclusiveValidator(command, since, recent);
        command.SetAction((parse, ct) => RunGuardedAsync(parse, ct, client => StreamAsync(
            client.FollowAsync(parse.GetRequiredValue(id), GetStart(parse, since, recent), ct))));
        return command;
    }

    private Command BuildRead()
    {
        var id = JobIdArgument();
        var (since, recent) = StreamStartOptions("Default: the whole recorded stream.");
        var command = new Command(
            "read",
            "Print a job's recorded stream packets without waiting, then its result line or {\"continue\":true} if it is still going.")
        {
            id, since, recent,
        };
        AddExclusiveValidator(command, since, recent);
        command.SetAction((parse, ct) => RunGuardedAsync(parse, ct, client => StreamAsync(
            client.ReadStreamAsync(parse.GetRequiredValue(id), GetStart(parse, since, recent), ct))));
        return command;
    }

    private Command BuildCancel()
    {
        var id = JobIdArgument();
        var command = new Command("cancel", "Cancel a job; prints {\"cancelled\":true} (exit 0) or {\"cancelled\":false} (exit 5: already ended or unknown).") { id };
        command.SetAction((parse, ct) => RunGuardedAsync(parse, ct, client => CancelAsync(client, parse.GetRequiredValue(id), ct)));
        return command;
    }

    private static Argument<string> JobIdArgument() => new("ID") { Description = "Job id, as printed by call." };

    private static (Option<long?> Since, Option<long?> Recent) StreamStartOptions(string defaultText)
    {
        var since = new Option<long?>("--since") { Description = "Start at packet N (0 = the whole stream). " + defaultText, HelpName = "N" };
        var recent = new Option<long?>("--recent") { Description = "Start with the last N recorded packets.", HelpName = "N" };
        foreach (var option in new[] { since, recent })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<long?>() is < 0)
                {
                    result.AddError($"{result.Option.Name} must not be negative.");
                }
            });
        }

        return (since, recent);
    }

    private static void AddExclusiveValidator(Command command, Option<long?> since, Option<long?> recent) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(since) is not null && result.GetResult(recent) is not null)
            {
                result.AddError("--since and --recent are mutually exclusive.");
            }
        });

    private static StreamStart GetStart(ParseResult parse, Option<long?> since, Option<long?> recent) =>
        parse.GetValue(since) is { } first ? StreamStart.Since(first)
        : parse.GetValue(recent) is { } last ? StreamStart.Recent(last)
        : default;
}
