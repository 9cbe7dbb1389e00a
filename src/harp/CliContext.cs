namespace HarpCaller.Cli;

/// <summary>What the CLI touches outside itself, so tests can run it in-process.</summary>
/// <param name="Out">Where JSON output lines go.</param>
/// <param name="Error">Where diagnostics go.</param>
/// <param name="GetEnvironmentVariable">Environment lookup (HARP_SERVER).</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>The process's console and environment.</summary>
    public static CliContext FromConsole() => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable);
}
