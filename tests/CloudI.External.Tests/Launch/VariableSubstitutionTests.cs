using CloudI.External.Launch;

namespace CloudI.External.Tests.Launch;

public sealed class VariableSubstitutionTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("$HOME/bin", "/home/cloudi/bin")]                // $NAME ends at '/', which is kept
    [InlineData("${HOME}/bin", "/home/cloudi/bin")]              // ${NAME}
    [InlineData("x${HOME}y", "x/home/cloudiy")]
    [InlineData("$A_B2.x", "ab.x")]                              // name is [A-Za-z0-9_]+
    [InlineData("$A-$A", "1-1")]
    [InlineData("$Ax", "")]                                      // undefined name "Ax" → nothing
    [InlineData("$UNDEFINED", "")]
    [InlineData("[${UNDEFINED}]", "[]")]
    [InlineData("\\$HOME", "$HOME")]                             // \$ is a literal $
    [InlineData("a\\$", "a$")]
    [InlineData("a\\b", "a\\b")]                                 // other backslashes stay
    [InlineData("cost $", "cost ")]                              // bare $ removed
    [InlineData("$ x", " x")]
    [InlineData("$/", "/")]
    [InlineData("${}", "")]                                      // { and } consumed, empty name
    [InlineData("${-", "-")]
    [InlineData("$A}", "1")]                                     // a } directly after the name is consumed
    [InlineData("${A}}", "1}")]
    [InlineData("${A", "1")]
    [InlineData("$$A", "1")]
    [InlineData("$EMPTY.", ".")]
    [InlineData("$SPACED", "x y")]
    [InlineData("$CLOUDI_API_INIT_THREAD_COUNT", "999")]
    public void Expand(string input, string expected)
    {
        Assert.Equal(expected, VariableSubstitution.Expand(input, LaunchTestData.Lookup));
    }

    [Fact]
    public void ValuesAreNotExpandedAgain()
    {
        Assert.Equal("$A", VariableSubstitution.Expand("$V", name => name == "V" ? "$A" : "1"));
    }
}
