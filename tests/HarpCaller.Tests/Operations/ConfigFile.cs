using System.Text.RegularExpressions;

namespace HarpCaller.Tests.Operations;

/// <summary>Edits of a running daemon's TOML file, for <c>reload</c> and SIGHUP.</summary>
internal static class ConfigFile
{
    private const string BrokenLine = "this line = is [ not toml";

    /// <summary>Replaces <paramref name="oldText"/> (which must occur) with <paramref name="newText"/>.</summary>
    public static async Task ReplaceAsync(string path, string oldText, string newText)
    {
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains(oldText, text);
        await File.WriteAllTextAsync(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>Appends a line that is not TOML; returns its line number.</summary>
    public static async Task<int> BreakAsync(string path)
    {
        var text = (await File.ReadAllTextAsync(path)).TrimEnd('\n') + "\n" + BrokenLine + "\n";
        await File.WriteAllTextAsync(path, text);
        return text.Count(c => c == '\n');
    }

    /// <summary>A pattern for "FILE:LINE" as the daemon's errors name a place in the configuration.</summary>
    public static string PlacePattern(string path, int line) => Regex.Escape($"{path}:{line}") + @"(?!\d)";
}
