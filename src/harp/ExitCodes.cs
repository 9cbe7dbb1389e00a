using HarpCaller.Client;

namespace HarpCaller.Cli;

/// <summary>
/// The CLI's exit codes. Scripts branch on them, so each has one meaning; the same table is in
/// <c>harp --help</c> and docs/harp-cli.md.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Success: the job returned a value, a status was printed, a cancel stopped a job, a call was submitted.</summary>
    public const int Success = 0;

    /// <summary>The job ended with an exception, an error or cancelled (the outcome is still printed).</summary>
    public const int JobFailed = 1;

    /// <summary>Usage error: bad arguments or options, invalid JSON; also a request the dispatcher rejected as invalid.</summary>
    public const int Usage = 2;

    /// <summary>The dispatcher could not be reached, timed out, or broke the protocol.</summary>
    public const int Unavailable = 3;

    /// <summary>The dispatcher has no job with this id.</summary>
    public const int UnknownJob = 4;

    /// <summary>Nothing final yet: the job has not ended (result without --wait, read), or cancel found nothing running.</summary>
    public const int NotFinished = 5;

    /// <summary>A bug in harp itself (an unexpected exception).</summary>
    public const int Internal = 70;

    /// <summary>Interrupted (Ctrl+C / SIGTERM), the shell convention 128 + SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>The help text's table of exit codes.</summary>
    public const string HelpTable =
        "Exit codes: 0 success (value returned, status printed, job cancelled, call submitted); " +
        "1 the job ended with an exception, error or cancellation (still printed); " +
        "2 usage error or request rejected as invalid; " +
        "3 dispatcher unreachable, timed out or protocol failure; " +
        "4 unknown job id; " +
        "5 not finished yet (no_result, continue) or nothing to cancel; " +
        "70 internal error; 130 interrupted.";

    /// <summary>The exit code for a printed outcome.</summary>
    public static int ForOutcome(JobOutcome outcome) => outcome switch
    {
        ResultOutcome => Success,
        ErrorOutcome { IsInvalidJobId: true } => UnknownJob,
        ExceptionOutcome or ErrorOutcome or CancelledOutcome => JobFailed,
        NoResultOutcome or ContinueOutcome => NotFinished,
        _ => Internal,
    };

    /// <summary>The exit code for a failed request.</summary>
    public static int ForException(HarpCallerException exception) => exception switch
    {
        { IsInvalidJobId: true } => UnknownJob,
        { Failure: HarpCallerFailure.DispatcherError, ErrorType: "invalid_request" or "parse_error" } => Usage,
        _ => Unavailable,
    };
}
