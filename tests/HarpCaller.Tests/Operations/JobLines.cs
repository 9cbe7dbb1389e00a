using System.Text.RegularExpressions;

namespace HarpCaller.Tests.Operations;

/// <summary>The lines <c>list</c>, <c>info</c> and <c>queue-list NAME</c> print.</summary>
internal static class JobLines
{
    /// <summary>
    /// The exact line of a job on <c>h1</c>:
    /// <c>{"job":ID,"call":{"host":"h1","procedure":P,"arguments":A},"time":{"submit":N,"start":N|null,"end":N|null}SUFFIX}</c>.
    /// </summary>
    public static string Pattern(string id, string procedure, string argumentsJson, bool started, bool ended, string suffix = "") =>
        "^"
        + Regex.Escape($"{{\"job\":\"{id}\",\"call\":{{\"host\":\"h1\",\"procedure\":\"{procedure}\",\"arguments\":{argumentsJson}}},\"time\":{{\"submit\":")
        + @"\d+"
        + Regex.Escape(",\"start\":") + (started ? @"\d+" : "null")
        + Regex.Escape(",\"end\":") + (ended ? @"\d+" : "null")
        + Regex.Escape("}" + suffix + "}")
        + "$";

    /// <summary>The lines of <paramref name="stdout"/>: every one newline-terminated.</summary>
    public static string[] Split(string stdout)
    {
        if (stdout.Length == 0) return [];
        Assert.EndsWith("\n", stdout);
        return stdout[..^1].Split('\n');
    }

    /// <summary>The lines that name one of <paramref name="ids"/>, in printed order.</summary>
    public static string[] Of(string stdout, params string[] ids) =>
        [.. Split(stdout).Where(line => ids.Any(id => line.Contains($"\"job\":\"{id}\"", StringComparison.Ordinal)))];

    /// <summary>Every line is a JSON object with exactly these top-level keys, in this order.</summary>
    public static void AssertKeys(string stdout, params string[] keys)
    {
        foreach (var line in Split(stdout))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            Assert.Equal(keys, doc.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }
}
