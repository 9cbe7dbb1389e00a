namespace HarpCaller.Client.Tests.Support;

/// <summary>How a child process ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Out, string Err)
{
    /// <summary>Standard output split into non-empty, trimmed lines.</summary>
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
