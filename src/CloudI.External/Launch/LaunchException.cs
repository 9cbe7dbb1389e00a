namespace CloudI.External.Launch;

/// <summary>
/// A service's spawn configuration cannot be turned into a command line/environment. <see cref="Reason"/>
/// is the CloudI reason atom (e.g. <c>service_external_args_invalid_quotes</c>) so the runtime can report
/// the same error as the reference.
/// </summary>
public sealed class LaunchException : Exception
{
    /// <summary>Creates the exception for <paramref name="reason"/> with a human-readable detail.</summary>
    public LaunchException(string reason, string detail) : base($"{reason}: {detail}")
    {
        Reason = reason;
    }

    /// <summary>The CloudI reason atom.</summary>
    public string Reason { get; }
}
