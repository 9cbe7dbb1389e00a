using System.CommandLine;
using System.Text.Json;
using HarpCaller.Client;

namespace HarpCaller.Cli;

/// <summary>The subcommands' actions: run one request, print JSON lines, choose the exit code.</summary>
internal sealed partial class HarpCli
{
    /// <summary>
    /// Resolves the server, runs <paramref name="action"/> and turns every failure into a documented
    /// exit code with a one-line message, so no exception reaches the user as a stack trace.
    /// </summary>
    private async Task<int> RunGuardedAsync(ParseResult parse, CancellationToken cancellationToken, Func<HarpCallerClient, Task<int>> action)
    {
        if (!TryGetServer(parse, out var server, out var serverError))
        {
            await _context.Error.WriteLineAsync($"harp: invalid server address: {serverError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var client = new HarpCallerClient(new HarpCallerClientOptions { Host = server.Host, Port = server.Port });
            return await action(client).ConfigureAwait(false);
        }
        catch (HarpCallerException e)
        {
            if (e.Failure == HarpCallerFailure.DispatcherError)
            {
                // The dispatcher's own answer is data: print it as the other replies are printed.
                await WriteLineAsync(new ErrorOutcome(e.ErrorType!, e.ErrorMessage ?? string.Empty, e.ErrorData).ToJsonString()).ConfigureAwait(false);
            }

            await _context.Error.WriteLineAsync($"harp: {e.Message}").ConfigureAwait(false);
            return ExitCodes.ForException(e);
        }
        catch (ArgumentException e)
        {
            // Options the parser let through but the library refuses (kept as a backstop).
            await _context.Error.WriteLineAsync($"harp: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _context.Error.WriteLineAsync("harp: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await _context.Error.WriteLineAsync($"harp: internal error: {e}").ConfigureAwait(false);
            return ExitCodes.Internal;
        }
    }

    private async Task<int> CallAsync(HarpCallerClient client, CallSpec call, bool wait, CancellationToken cancellationToken)
    {
        var id = await client.SubmitAsync(call, cancellationToken).ConfigureAwait(false);
        await WriteLineAsync("{\"job_id\":" + JsonSerializer.Serialize(id) + "}").ConfigureAwait(false);
        if (!wait)
        {
            return ExitCodes.Success;
        }

        return await ResultAsync(client, id, wait: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ResultAsync(HarpCallerClient client, string id, bool wait, CancellationToken cancellationToken)
    {
        var outcome = await client.GetResultAsync(id, wait, cancellationToken).ConfigureAwait(false);
        await WriteLineAsync(outcome.ToJsonString()).ConfigureAwait(false);
        return ExitCodes.ForOutcome(outcome);
    }

    private async Task<int> StatusAsync(HarpCallerClient client, string id, CancellationToken cancellationToken)
    {
        var status = await client.GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        await WriteLineAsync(status.ToJsonString()).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task<int> StreamAsync(IAsyncEnumerable<StreamItem> items)
    {
        await foreach (var item in items.ConfigureAwait(false))
        {
            await WriteLineAsync(item.ToJsonString()).ConfigureAwait(false);
            if (item is StreamEnd end)
            {
                return ExitCodes.ForOutcome(end.Outcome);
            }
        }

        // The client throws when the stream ends without a terminal line, so this is unreachable.
        throw new InvalidOperationException("The stream ended without a terminal line.");
    }

    private async Task<int> CancelAsync(HarpCallerClient client, string id, CancellationToken cancellationToken)
    {
        var cancelled = await client.CancelAsync(id, cancellationToken).ConfigureAwait(false);
        await WriteLineAsync(cancelled ? "{\"cancelled\":true}" : "{\"cancelled\":false}").ConfigureAwait(false);
        return cancelled ? ExitCodes.Success : ExitCodes.NotFinished;
    }

    private async Task WriteLineAsync(string line)
    {
        await _context.Out.WriteLineAsync(line).ConfigureAwait(false);

        // Followers of a live stream want each packet as it arrives, not when a buffer fills.
        await _context.Out.FlushAsync().ConfigureAwait(false);
    }
}
