using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Runs the filler script once: executed directly (no shell, no arguments), standard input
/// closed, standard output parsed line by line as it arrives, standard error drained, all
/// under a time limit.
/// </summary>
internal static class ScriptRunner
{
    /// <summary>How long to wait for a killed process to be reaped; SIGKILL cannot be caught, so this only guards against a hung kernel.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After the script exits its standard error normally ends at once; a background child still
    /// holding it open must not keep the run (and so every refresh) waiting.
    /// </summary>
    private static readonly TimeSpan StderrGrace = TimeSpan.FromSeconds(1);

    /// <summary>Highest signal number on Linux (SIGRTMAX).</summary>
    private const int MaxSignal = 64;

    /// <summary>Runs the script named by <paramref name="options"/>; never throws for a misbehaving script.</summary>
    /// <param name="options">Script path and limits (the path must be set).</param>
    /// <param name="logger">Receives the run's messages.</param>
    /// <param name="time">Clock of the time limit.</param>
    /// <param name="abortToken">Kills the script (registry shutting down).</param>
    public static async Task<ScriptRunResult> RunAsync(HostsRegistryOptions options, ILogger logger, TimeProvider time, CancellationToken abortToken)
    {
        string script = options.Script ?? throw new ArgumentException("No script configured.", nameof(options));
        var startInfo = new ProcessStartInfo
        {
            // The path is the program: no shell parses it, and no arguments are passed (spec).
            FileName = script,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = new System.Diagnostics.Process { StartInfo = startInfo };
        Log.ScriptStarting(logger, script);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            Log.ScriptStartFailed(logger, script, e);
            return new ScriptRunResult(RefreshStatus.StartFailed);
        }

        // A script that reads its input sees end-of-file instead of the daemon's own stdin.
        process.StandardInput.Close();

        using var timeoutCts = new CancellationTokenSource(options.EffectiveScriptTimeout, time);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, abortToken);
        // Drained concurrently: a script blocked on a full stderr pipe would never finish its output.
        Task<string> stderr = DrainAsync(process.StandardError.BaseStream, options.MaxStderrLogBytes, runCts.Token);

        ScriptRunResult result;
        try
        {
            result = await SuperviseAsync(process, options, logger, runCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runCts.IsCancellationRequested)
        {
            result = new ScriptRunResult(abortToken.IsCancellationRequested ? RefreshStatus.Aborted : RefreshStatus.TimedOut);
        }
        finally
        {
            // Whatever happened (time-out, output cap, a bug), no script outlives its run.
            if (!process.HasExited)
            {
                await KillAsync(process, script, logger, time).ConfigureAwait(false);
            }

            string stderrText = await FinishDrainAsync(stderr, runCts, time).ConfigureAwait(false);
            if (stderrText.Length > 0)
            {
                Log.ScriptStderr(logger, script, stderrText);
            }
        }

        LogOutcome(logger, script, options, result);
        return result;
    }

    private static async Task<ScriptRunResult> SuperviseAsync(System.Diagnostics.Process process, HostsRegistryOptions options, ILogger logger, CancellationToken token)
    {
        var builder = new HostListBuilder(logger);
        var splitter = new LineSplitter(options.MaxLineBytes, builder);
        bool withinCap = await LineReader.ReadAllAsync(process.StandardOutput.BaseStream, splitter, options.MaxOutputBytes, token).ConfigureAwait(false);
        if (!withinCap)
        {
            return new ScriptRunResult(RefreshStatus.OutputTooLarge, IgnoredLines: builder.IgnoredLines);
        }

        await process.WaitForExitAsync(token).ConfigureAwait(false);
        int exitCode = process.ExitCode;
        if (exitCode == 0)
        {
            return new ScriptRunResult(RefreshStatus.Succeeded, builder.Hosts, builder.IgnoredLines, ExitCode: 0);
        }

        // .NET reports death by signal N as exit code 128+N, as shells do for $?; an explicit
        // "exit 137" looks the same. Either way the registry is left untouched; only the log
        // wording differs.
        if (!OperatingSystem.IsWindows() && exitCode is > 128 and <= 128 + MaxSignal)
        {
            return new ScriptRunResult(RefreshStatus.Crashed, IgnoredLines: builder.IgnoredLines, Signal: exitCode - 128);
        }

        return new ScriptRunResult(RefreshStatus.Failed, IgnoredLines: builder.IgnoredLines, ExitCode: exitCode);
    }

    private static void LogOutcome(ILogger logger, string script, HostsRegistryOptions options, ScriptRunResult result)
    {
        switch (result.Status)
        {
            case RefreshStatus.Failed:
                Log.ScriptFailed(logger, script, result.ExitCode ?? -1);
                break;
            case RefreshStatus.Crashed:
                Log.ScriptCrashed(logger, script, result.Signal ?? 0);
                break;
            case RefreshStatus.TimedOut:
                Log.ScriptTimedOut(logger, script, options.EffectiveScriptTimeout);
                break;
            case RefreshStatus.OutputTooLarge:
                Log.ScriptOutputTooLarge(logger, script, options.MaxOutputBytes);
                break;
            case RefreshStatus.Aborted:
                Log.ScriptAborted(logger, script);
                break;
            default:
                // Success is logged by the registry once the new state is in force.
                break;
        }
    }

    private static async Task KillAsync(System.Diagnostics.Process process, string script, ILogger logger, TimeProvider time)
    {
        try
        {
            // The whole tree: a script's children (sleep, curl, ...) hold its output pipes open.
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException or NotSupportedException)
        {
            Log.KillFailed(logger, script, e);
        }

        using var grace = new CancellationTokenSource(KillGrace, time);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Reaping is best effort; disposing the Process closes our pipe ends regardless.
        }
    }

    private static async Task<string> FinishDrainAsync(Task<string> drain, CancellationTokenSource runCts, TimeProvider time)
    {
        try
        {
            return await drain.WaitAsync(StderrGrace, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await runCts.CancelAsync().ConfigureAwait(false);
            return await drain.ConfigureAwait(false);
        }
    }

    /// <summary>Reads a stream to its end, keeping the first <paramref name="keepBytes"/> bytes; never throws.</summary>
    private static async Task<string> DrainAsync(Stream stream, int keepBytes, CancellationToken token)
    {
        byte[] kept = new byte[keepBytes];
        int keptCount = 0;
        bool truncated = false;
        byte[] buffer = new byte[4096];
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(buffer, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                int take = Math.Min(read, keepBytes - keptCount);
                buffer.AsSpan(0, take).CopyTo(kept.AsSpan(keptCount));
                keptCount += take;
                truncated |= take < read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The run is over (killed or timed out); what was read so far is still worth logging.
        }

        string text = Encoding.UTF8.GetString(kept, 0, keptCount).TrimEnd();
        return truncated ? text + " […truncated]" : text;
    }
}
