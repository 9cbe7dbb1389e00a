using System.CommandLine.Parsing;
using HarpCaller.Client;

namespace HarpCaller.Cli;

/// <summary>
/// Value parsers for the CLI's JSON and number options. Invalid input becomes a parse error, so it
/// is reported like any other usage error (exit code 2) before anything is sent.
/// </summary>
internal static class CliParsers
{
    /// <summary>Largest accepted time limit in seconds (about 31 years); beyond it TimeSpan overflows soon.</summary>
    private const double MaxSeconds = 1e9;

    /// <summary>A parser for any JSON value.</summary>
    public static Func<ArgumentResult, JsonText?> Json(string label) => result => ParseJson(result, label, kinds: null, kindText: null);

    /// <summary>A parser for a JSON array or object (call arguments).</summary>
    public static Func<ArgumentResult, JsonText?> JsonContainer(string label) => result => ParseJson(
        result, label, [System.Text.Json.JsonValueKind.Array, System.Text.Json.JsonValueKind.Object], "a JSON array or object");

    /// <summary>A parser for a JSON object (queue names).</summary>
    public static Func<ArgumentResult, JsonText?> JsonObject(string label) => result => ParseJson(
        result, label, [System.Text.Json.JsonValueKind.Object], "a JSON object");

    /// <summary>A parser for a positive number of seconds.</summary>
    public static Func<ArgumentResult, TimeSpan?> Seconds(string label) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxSeconds)
        {
            result.AddError($"{label} must be a positive number of seconds, not '{text}'.");
            return null;
        }

        return TimeSpan.FromSeconds(seconds);
    };

    private static JsonText? ParseJson(ArgumentResult result, string label, System.Text.Json.JsonValueKind[]? kinds, string? kindText)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!JsonText.TryParse(text, out var value, out var error))
        {
            result.AddError($"{label} is not valid JSON: {error}");
            return null;
        }

        if (kinds is not null && Array.IndexOf(kinds, value.ValueKind) < 0)
        {
            result.AddError($"{label} must be {kindText}, not '{text}'.");
            return null;
        }

        return value;
    }
}
