namespace Toml.Tests;

/// <summary>Errors point at the offending token: 1-based line, column in code points.</summary>
public sealed class ErrorPositionTests
{
    [Theory]
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key \"a\"")]
    [InlineData("[x]\ny = \"abc", 2, 5, "unterminated string")]
    [InlineData("[x]\ny = \"abc\"\"\"", 2, 10, "expected the end of the line")]
    [InlineData("\n\n  key = 0x", 3, 11, "digits expected")]
    [InlineData("a = \"\\q\"", 1, 6, "invalid escape sequence")]
    [InlineData("k = 1 2", 1, 7, "expected the end of the line, found '2'")]
    [InlineData("[a]\n[a]", 2, 1, "table [a] is already defined")]
    [InlineData("s = \"\U0001F600\" x", 1, 9, "expected the end of the line, found 'x'")]
    [InlineData("a = 1\r\nb = ?\r\n", 2, 5, "expected a value")]
    [InlineData("\uFEFFa = ?", 1, 5, "expected a value")]
    [InlineData("a = [1,\n  2,\n  ,]", 3, 3, "expected a value in the array")]
    [InlineData("t = {a = 1,\n", 1, 12, "must be on one line")]
    [InlineData("t = { a = 1 }\nt.b = 2", 2, 1, "inline table \"t\" cannot be extended")]
    [InlineData("a = 2021-02-30", 1, 13, "has no day 30")]
    [InlineData("listen = foo", 1, 10, "strings must be quoted")]
    [InlineData("x = 1\ny = 2\n\tz = 3\u0001", 3, 7, "control character U+0001")]
    [InlineData("a = 'one\ntwo'", 1, 9, "literal string cannot span lines")]
    [InlineData("[a]\nb.c = 1\n[a.b]", 3, 1, "already defined by dotted keys")]
    public void Error_PointsAtTheProblem(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(text, "f.toml"));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal($"f.toml:{line}:{column}: {error.Reason}", error.Message);
    }

    [Fact]
    public void Message_HasTheFileLineColumnReasonForm()
    {
        var text = string.Concat(Enumerable.Repeat("# padding\n", 11)) + "    listen = 1\n    listen = 2\n";

        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(text, "harpcaller.toml"));

        Assert.Equal("harpcaller.toml:13:5: duplicate key \"listen\"", error.Message);
        Assert.Equal("harpcaller.toml", error.FileName);
    }

    [Fact]
    public void Message_EscapesControlCharactersOfQuotedKeys()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("\"a\\nb\" = 1\n\"a\\nb\" = 2\n"));

        Assert.Equal("duplicate key \"\"a\\u000Ab\"\"", error.Reason);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Message_WithoutFileName_StartsWithLineAndColumn()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("= 1"));

        Assert.Null(error.FileName);
        Assert.Equal("1:1: expected a key, found '='", error.Message);
    }
}
