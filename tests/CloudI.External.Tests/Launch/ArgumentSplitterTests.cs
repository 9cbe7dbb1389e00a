using CloudI.External.Launch;

namespace CloudI.External.Tests.Launch;

public sealed class ArgumentSplitterTests
{
    private static string[] Parse(string args) => [.. ArgumentSplitter.Parse(args, LaunchTestData.Lookup)];

    [Fact]
    public void EmptyString_NoArguments()
    {
        Assert.Empty(Parse(""));
        Assert.Empty(Parse("   "));          // leading spaces removed first
        Assert.Empty(Parse("$UNDEFINED"));   // substitution first, then split
    }

    [Theory]
    [InlineData("a", new[] { "a" })]
    [InlineData("a b c", new[] { "a", "b", "c" })]
    [InlineData("   a b", new[] { "a", "b" })]                           // leading spaces removed
    [InlineData("a    b", new[] { "a", "b" })]                           // runs count as one
    [InlineData("a ", new[] { "a", "" })]                                // trailing space: final empty argument
    [InlineData("'a b' c", new[] { "a b", "c" })]
    [InlineData("\"a  b\"", new[] { "a  b" })]
    [InlineData("`a b`", new[] { "a b" })]
    [InlineData("a\"b c\"d", new[] { "ab cd" })]                         // quotes mid-argument
    [InlineData("''", new[] { "" })]                                     // an empty quoted argument
    [InlineData("'' x", new[] { "", "x" })]
    [InlineData("\"it's\"", new[] { "it's" })]                           // other quote chars are literal inside
    [InlineData("'say \"hi\"'", new[] { "say \"hi\"" })]
    [InlineData("a\\ b", new[] { "a\\", "b" })]                          // no escapes
    [InlineData("'a\\'", new[] { "a\\" })]
    [InlineData("-x $HOME", new[] { "-x", "/home/cloudi" })]
    [InlineData("$SPACED", new[] { "x", "y" })]                          // substituted spaces split
    [InlineData("'$SPACED'", new[] { "x y" })]
    [InlineData("\\$HOME", new[] { "$HOME" })]
    [InlineData("-Dx=${A}", new[] { "-Dx=1" })]
    [InlineData("--add-opens java.base/java.io=ALL-UNNAMED -jar s.jar", new[] { "--add-opens", "java.base/java.io=ALL-UNNAMED", "-jar", "s.jar" })]
    public void Split(string args, string[] expected)
    {
        Assert.Equal(expected, Parse(args));
    }

    [Fact]
    public void SubstitutedQuotesGroupToo()
    {
        // substitution happens before splitting, so a quote from a variable acts as a quote
        Assert.Equal(["a b"], Parse("${QUOTE}a b${QUOTE}"));
    }

    [Theory]
    [InlineData("'abc")]
    [InlineData("a\"b")]
    [InlineData("`x` `y")]
    [InlineData("$QUOTE")]
    public void UnterminatedQuote(string args)
    {
        var e = Assert.Throws<LaunchException>(() => Parse(args));
        Assert.Equal("service_external_args_invalid_quotes", e.Reason);
        Assert.Equal(LaunchReasons.ArgsInvalidQuotes, e.Reason);
    }
}
