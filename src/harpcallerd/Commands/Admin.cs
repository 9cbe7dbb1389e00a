using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using HarpCaller.Daemon.Control;

namespace HarpCaller.Daemon.Commands;

/// <summary>
/// What the administrative commands share: asking the daemon, turning its error replies and every
/// failure into a message and exit code 1 (never a stack trace), and the argument parsers whose
/// failures are usage errors (exit 2, harpcaller-admin.md "CLI output and exit codes").
/// </summary>
internal static class Admin
{
    // Past this a wait is "forever" in practice, and TimeSpan arithmetic stays far from overflow.
    private const decimal LongestFiniteSeconds = 1_000_000_000m;

    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="run"/>, with failures mapped to exit 1.</summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await run(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (ControlException e)
            {
                return Fail(e.Message);
            }
            catch (IOException e)
            {
                // Typically standard output closed early (`harpcallerd list | head -1`).
                return Fail($"cannot write output: {e.Message}");
            }
            catch (Exception e)
            {
                // Whatever it is, the user gets one line, not a stack trace.
                return Fail(e.Message);
            }
        });
    }

    /// <summary>Writes <c>harpcallerd: MESSAGE</c> on standard error; returns exit code 1.</summary>
    public static int Fail(string message)
    {
        try
        {
            Console.Error.WriteLine($"harpcallerd: {message}");
        }
        catch (IOException)
        {
            // Nowhere left to report to; the exit code still says it.
        }
        return ExitCodes.Failure;
    }

    /// <summary>
    /// Connects, sends <c>{"command":COMMAND,...}</c> and returns the reply, except that
    /// <c>{"result":"error","message":M}</c> becomes a <see cref="ControlException"/> carrying M.
    /// </summary>
    public static async Task<ControlReply> AskAsync(
        string socketPath, string command, Action<Utf8JsonWriter>? fields, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = await ControlClient.ConnectAsync(socketPath, ControlClient.DefaultTimeout, cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            return await AskAsync(client, command, fields, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="AskAsync(string, string, Action{Utf8JsonWriter}?, TimeSpan, CancellationToken)"/>
    public static async Task<ControlReply> AskAsync(
        ControlClient client, string command, Action<Utf8JsonWriter>? fields, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await client.RequestAsync(command, fields, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.Result != "error") return reply;
        using (reply) throw Failure(reply);
    }

    /// <summary>Throws for an error reply (its message) or any result other than "ok".</summary>
    public static void RequireOk(ControlReply reply)
    {
        if (reply.Result != "ok") throw Failure(reply);
    }

    /// <summary>Asks, and requires <c>{"result":"ok",...}</c>.</summary>
    public static async Task<ControlReply> AskOkAsync(
        string socketPath, string command, Action<Utf8JsonWriter>? fields, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await AskAsync(socketPath, command, fields, timeout, cancellationToken).ConfigureAwait(false);
        if (reply.Result == "ok") return reply;
        using (reply) throw Failure(reply);
    }

    /// <summary>An error reply's message as a <see cref="ControlException"/>; anything else as an unexpected reply.</summary>
    private static ControlException Failure(ControlReply reply) =>
        reply.Result == "error" && reply.Root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? new ControlException(Printable(message.GetString()!))
            : reply.Unexpected();

    /// <summary>A non-negative number of seconds (<c>--timeout=S</c>); absent means no limit.</summary>
    public static Option<decimal?> SecondsOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "SECONDS",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result => ParseNonNegative(result, name),
    };

    /// <summary>The wait a <see cref="SecondsOption"/> value allows: null means forever.</summary>
    public static TimeSpan? ToLimit(decimal? seconds) =>
        seconds is { } s && s < LongestFiniteSeconds ? TimeSpan.FromSeconds((double)s) : null;

    /// <summary>A number as the user wrote it, for messages.</summary>
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a non-negative decimal number; anything else is a usage error. Decimal, not double:
    /// no NaN or infinity to rule out, and days convert to seconds exactly.
    /// </summary>
    public static decimal? ParseNonNegative(ArgumentResult result, string optionName)
    {
        if (result.Tokens.Count == 0) return null;
        var text = result.Tokens[0].Value;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }
        result.AddError($"{optionName}: '{text}' is not a non-negative number.");
        return null;
    }

    /// <summary>The <c>&lt;job-id&gt;</c> argument: a UUID, sent in the daemon's lower-case form.</summary>
    public static Argument<Guid> JobIdArgument() => new("job-id")
    {
        Description = "The job's identifier, a UUID (e.g. 9e03ca7a-bdcb-4bc1-8a56-0f17b310a556).",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Guid.TryParseExact(text, "D", out var id)) return id;
            result.AddError($"'{text}' is not a job id (a UUID such as 9e03ca7a-bdcb-4bc1-8a56-0f17b310a556).");
            return Guid.Empty;
        },
    };

    /// <summary>
    /// A <c>&lt;queue-name&gt;</c> argument. Queue names are JSON objects (harpcaller-protocol.md 1.9), so
    /// text that is not JSON, or JSON that is not an object and so can name no queue, is a usage error.
    /// </summary>
    public static Argument<JsonElement?> QueueNameArgument(string description, ArgumentArity arity) => new("queue-name")
    {
        Description = description,
        Arity = arity,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return null;
            var text = result.Tokens[0].Value;
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
                if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
                result.AddError($"'{text}' is not a queue name: a queue name is a JSON object, e.g. '{{\"name\":\"backups\"}}'.");
            }
            catch (JsonException e)
            {
                result.AddError($"'{text}' is not a queue name (invalid JSON: {e.Message})");
            }
            return null;
        },
    };

    // The daemon's messages go to a terminal: no control characters from it.
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]) : text;
}
