using System.CommandLine;

namespace HarpCaller.Daemon.Commands;

/// <summary><c>harpcallerd prune-jobs [--age=DAYS]</c>: removes records of jobs older than DAYS, prints <c>pruned N jobs</c>.</summary>
internal static class PruneJobsCommand
{
    /// <summary>
    /// Pruning a large store may take minutes; the daemon bounds it at 30 min, and we wait a minute
    /// longer so that its own error, not our timeout, is what the user sees.
    /// </summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromMinutes(31);

    private const decimal DefaultDays = 30;

    // Far beyond any recorded job, and days * 86400 stays an exact integer in JSON.
    private const decimal MaxDays = 1_000_000_000;

    public static Command Create(Option<string> socket)
    {
        var age = new Option<decimal>("--age")
        {
            Description = "Remove jobs older than DAYS (a non-negative number, fractions allowed).",
            HelpName = "DAYS",
            Arity = ArgumentArity.ExactlyOne,
            DefaultValueFactory = _ => DefaultDays,
            CustomParser = result =>
            {
                var days = Admin.ParseNonNegative(result, "--age");
                if (days > MaxDays) result.AddError($"--age: at most {MaxDays} days.");
                return days ?? DefaultDays;
            },
        };
        var command = new Command("prune-jobs", "Remove the records of jobs older than DAYS (default 30); meant for cron or logrotate.")
        {
            age,
        };
        Admin.SetAction(command, async (parse, cancellationToken) =>
        {
            var seconds = (long)Math.Round(parse.GetValue(age) * 86_400m, MidpointRounding.AwayFromZero);
            using var reply = await Admin.AskOkAsync(parse.GetValue(socket)!, "prune_jobs", w => w.WriteNumber("max_age", seconds), ReplyTimeout,
                cancellationToken).ConfigureAwait(false);
            var pruned = reply.Count("pruned");
            await Console.Out.WriteLineAsync($"pruned {pruned} jobs").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
