using System.Diagnostics;
using HarpCaller.Tests.Processes;

namespace HarpCaller.Tests.AdminCli;

/// <summary>The outcome of one <c>harpcallerd</c> run.</summary>
internal sealed record CliResult(int Code, string Out, string Err, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {Code} after {Elapsed.TotalMilliseconds:0} ms\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>Runs the real <c>harpcallerd</c> command line as a process, killed if it outlives 20 s.</summary>
internal static class Cli
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary><c>harpcallerd --socket=SOCKET ARGS...</c>.</summary>
    public static Task<CliResult> RunAsync(string socket, params string[] args) => RunRawAsync([$"--socket={socket}", .. args]);

    /// <summary><c>harpcallerd ARGS...</c>, exactly.</summary>
    public static async Task<CliResult> RunRawAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepoPaths.Harpcallerd);
        foreach (var a in args) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"harpcallerd {string.Join(' ', args)} still running after {Bound.TotalSeconds} s: killed");
        }
        var elapsed = clock.Elapsed;
        return new CliResult(process.ExitCode, await stdout, await stderr, elapsed);
    }

    /// <summary>Exit 1 or 2 with a message, and nothing that looks like a stack trace.</summary>
    public static void AssertCleanFailure(CliResult r, int code, string message)
    {
        Assert.True(r.Code == code, r.ToString());
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("Exception", r.Err);
    }
}
