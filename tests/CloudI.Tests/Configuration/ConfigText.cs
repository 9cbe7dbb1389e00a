using CloudI.Configuration;
using Erlang.Terms;

namespace CloudI.Tests.Configuration;

/// <summary>Helpers for configuration texts whose offending term is marked with '⟨'.</summary>
internal static class ConfigText
{
    public const string FileName = "test.conf";
    public const char Marker = '⟨';

    /// <summary>A valid internal tuple with the given options text.</summary>
    public static string Internal(string options = "[]", string prefix = "\"/p/\"") =>
        $"{{internal, {prefix}, mod, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, {options}}}";

    /// <summary>A valid external tuple with the given options text.</summary>
    public static string External(string options = "[]") =>
        $"{{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, {options}}}";

    public static string Services(string service) => $"% header line\n{{services, [\n    {service}\n]}}.\n";

    public static CloudIConfig Parse(string text) => CloudIConfigReader.Parse(text, FileName);

    /// <summary>
    /// Parses <paramref name="markedText"/> (with the marker removed), expects the given reason
    /// and checks the message names the file, line and column of the marked term.
    /// </summary>
    public static CloudIConfigException AssertFails(string markedText, string reason)
    {
        int index = markedText.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(index >= 0, "the test text needs a marker");
        string text = markedText.Remove(index, 1);
        int line = 1 + markedText[..index].Count(c => c == '\n');
        int lastNewline = index == 0 ? -1 : markedText.LastIndexOf('\n', index - 1);
        int column = index - lastNewline;

        var error = Assert.Throws<CloudIConfigException>(() => Parse(text));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(FileName, error.FileName);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith($"{FileName}:{line}:{column}: {reason}: ", error.Message);
        Assert.NotNull(error.Term);
        Assert.Contains(CloudIConfigException.TermText(error.Term), error.Message);
        return error;
    }

    public static ErlangTerm Term(string text) => ErlangTermReader.Parse(text);
}
