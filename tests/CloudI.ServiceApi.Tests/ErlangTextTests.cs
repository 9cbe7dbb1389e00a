using Erlang.Terms;

namespace CloudI.ServiceApi.Tests;

public sealed class ErlangTextTests
{
    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("'STDOUT'", "'STDOUT'")]
    [InlineData("'AND'", "'AND'")]
    [InlineData("'and'", "'and'")]
    [InlineData("'query'", "'query'")]
    [InlineData("'cloudi@host'", "cloudi@host")]
    [InlineData("foobar1@hostX", "foobar1@hostX")]
    [InlineData("'a b'", "'a b'")]
    [InlineData("'it\\'s'", "'it\\'s'")]
    [InlineData("\"abc\"", "\"abc\"")]
    [InlineData("\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\"")]
    [InlineData("\"line\\n\"", "\"line\\n\"")]
    [InlineData("[104,105]", "\"hi\"")]
    [InlineData("[1,2,3]", "[1,2,3]")]
    [InlineData("[]", "[]")]
    [InlineData("\"\"", "[]")]
    [InlineData("[a|b]", "[a|b]")]
    [InlineData("<<\"text\">>", "<<\"text\">>")]
    [InlineData("<<1,2,255>>", "<<1,2,255>>")]
    [InlineData("<<>>", "<<>>")]
    [InlineData("{error, {node_not_found, foobar1@hostX}}", "{error,{node_not_found,foobar1@hostX}}")]
    [InlineData("-12", "-12")]
    [InlineData("16#FF", "255")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0e10", "10000000000.0")]
    [InlineData("1.0e-10", "1.0e-10")]
    [InlineData("[{sensitive, [\"/a/*\"]}]", "[{sensitive,[\"/a/*\"]}]")]
    [InlineData("\"ab\" \"cd\"", "\"abcd\"")]
    [InlineData("[256]", "[256]")]
    public void PrintsPerTheSpecification(string input, string expected) =>
        Assert.Equal(expected, ErlangText.Print(ErlangText.ParseBody(input)));

    [Fact]
    public void OkValueIsUnwrapped()
    {
        Assert.Equal("[a]", ErlangText.PrintResult(ErlangText.ParseBody("{ok, [a]}")));
        Assert.Equal("ok", ErlangText.PrintResult(ErlangText.ParseBody("ok")));
        Assert.Equal("{error,timeout}", ErlangText.PrintResult(ErlangText.ParseBody("{error, timeout}")));
        Assert.Equal("{ok,a,b}", ErlangText.PrintResult(ErlangText.ParseBody("{ok, a, b}")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ok.")]
    [InlineData("[a, b")]
    [InlineData("ok % comment")]
    [InlineData("a b")]
    [InlineData("{")]
    public void BadBodiesDoNotParse(string body) => Assert.Throws<FormatException>(() => ErlangText.ParseBody(body));

    [Fact]
    public void IntegerBodyParses() => Assert.Equal(ErlangInteger.From(1), ErlangText.ParseBody("1"));

    [Fact]
    public void DepthAndSizeAreBounded()
    {
        Assert.Throws<FormatException>(() => ErlangText.ParseBody(new string('[', 5000) + new string(']', 5000)));
        Assert.Throws<FormatException>(() => ErlangText.ParseBody(new byte[ErlangText.MaxBodyBytes + 1]));
        Assert.NotNull(ErlangText.ParseBody(new string('[', 50) + new string(']', 50)));
    }

    [Fact]
    public void PrintedTermsReadBack()
    {
        string[] samples =
        [
            "{internal,\"/a/\",m,[{x,<<\"y\">>}],none,5000,5000,5000,undefined,undefined,1.5,5,300,[]}",
            "['STDOUT',\"\\e\",-1.25e-7,#{a => 1}]",
        ];
        foreach (string sample in samples)
        {
            ErlangTerm term = ErlangText.ParseBody(sample);
            Assert.Equal(term, ErlangText.ParseBody(ErlangText.Print(term)));
        }
    }
}
