using System.Collections.Immutable;
using System.Numerics;

namespace Erlang.Terms.Tests;

public class TermReaderTests
{
    private static ErlangTerm P(string text) => ErlangTermReader.Parse(text);

    private static ErlangAtom A(string s) => new(s);

    private static ErlangInteger I(long v) => new(v);

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("lower_case@x.y", "lower_case@x.y")]
    [InlineData("cloudi@host1.example.org", "cloudi@host1.example.org")]
    [InlineData("aB9_@", "aB9_@")]
    [InlineData("'any text'", "any text")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("'a\\nb\\tc\\\\'", "a\nb\tc\\")]
    [InlineData("'\\x{1F600}'", "😀")]
    [InlineData("'if'", "if")]
    [InlineData("maybe", "maybe")]
    [InlineData("else", "else")]
    [InlineData("''", "")]
    [InlineData("über", "über")]
    public void Atoms(string text, string name) => Assert.Equal(A(name), P(text));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-12", -12)]
    [InlineData("+7", 7)]
    [InlineData("- 3", -3)]
    [InlineData("16#FF", 255)]
    [InlineData("16#ff", 255)]
    [InlineData("2#101", 5)]
    [InlineData("36#z", 35)]
    [InlineData("-16#10", -16)]
    [InlineData("1_000_000", 1000000)]
    [InlineData("$a", 97)]
    [InlineData("$\\n", 10)]
    [InlineData("$ ", 32)]
    [InlineData("$\\101", 65)]
    [InlineData("$\\x41", 65)]
    [InlineData("$\\x{1F600}", 0x1F600)]
    [InlineData("$😀", 0x1F600)]
    [InlineData("$\\^A", 1)]
    [InlineData("$\\s", 32)]
    [InlineData("$\\e", 27)]
    [InlineData("$\\d", 127)]
    [InlineData("$\\'", 39)]
    [InlineData("-$a", -97)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Integers(string text, long value) => Assert.Equal(I(value), P(text));

    [Fact]
    public void BigIntegers()
    {
        Assert.Equal(new ErlangInteger(BigInteger.Parse("123456789012345678901234567890")), P("123456789012345678901234567890"));
        Assert.Equal(new ErlangInteger(-(BigInteger.One << 64)), P("-16#10000000000000000"));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2.0e-3", -2.0e-3)]
    [InlineData("1.0E10", 1.0e10)]
    [InlineData("3.25e+2", 325.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("1_0.2_5", 10.25)]
    public void Floats(string text, double value) => Assert.Equal(new ErlangFloat(value), P(text));

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"abc\"", "abc")]
    [InlineData("\"a\\nb\\tc\\\"d\\\\e\"", "a\nb\tc\"d\\e")]
    [InlineData("\"\\xFF\"", "ÿ")]
    [InlineData("\"\\x{1F600}\"", "😀")]
    [InlineData("\"\\101\\60\\0\"", "A0\0")]
    [InlineData("\"a\" \"b\"", "ab")]
    [InlineData("\"a\"\n  % comment\n \"b\" \"\"", "ab")]
    [InlineData("\"multi\nline\"", "multi\nline")]
    [InlineData("\"\\q\"", "q")]
    public void Strings(string text, string value)
    {
        var list = Assert.IsType<ErlangList>(P(text));
        Assert.True(list.TryGetString(out var s));
        Assert.Equal(value, s);
        Assert.True(list.IsStringLiteral);
    }

    [Fact]
    public void String_WithSurrogateCodePoint_IsAListOfIntegers()
    {
        var list = Assert.IsType<ErlangList>(P("\"a\\x{D800}\""));
        Assert.Equal(new ErlangList(I(97), I(0xD800)), list);
        Assert.False(list.TryGetString(out _));
    }

    [Theory]
    [InlineData("<<>>", new byte[0])]
    [InlineData("<<\"text\">>", new byte[] { 116, 101, 120, 116 })]
    [InlineData("<<1,2,255>>", new byte[] { 1, 2, 255 })]
    [InlineData("<< \"a\" \"b\", 0, $c >>", new byte[] { 97, 98, 0, 99 })]
    [InlineData("<<\"é\"/utf8>>", new byte[] { 0xC3, 0xA9 })]
    [InlineData("<<\"é\">>", new byte[] { 0xE9 })]
    [InlineData("<<16#FF, +1>>", new byte[] { 255, 1 })]
    public void Binaries(string text, byte[] bytes) => Assert.Equal(new ErlangBinary(bytes), P(text));

    [Fact]
    public void Compounds()
    {
        Assert.Equal(ErlangTuple.Empty, P("{}"));
        Assert.Equal(ErlangList.Nil, P("[]"));
        Assert.Equal(ErlangMap.Empty, P("#{}"));
        Assert.Equal(new ErlangTuple(A("a"), I(1), ErlangList.FromString("s")), P("{ a , 1,\"s\" }"));
        Assert.Equal(new ErlangList(A("a"), A("b")), P("[a, b]"));
        Assert.Equal(new ErlangList(ImmutableArray.Create<ErlangTerm>(A("a"), A("b")), A("t")), P("[a, b | t]"));
        Assert.Equal(new ErlangList(A("a"), A("b"), A("c")), P("[a | [b, c]]"));
        Assert.Equal(new ErlangList(ImmutableArray.Create<ErlangTerm>(A("a")), I(1)), P("[a|1]"));
        var map = Assert.IsType<ErlangMap>(P("#{k => v, \"s\" => [1], {t} => #{}}"));
        Assert.Equal(3, map.Count);
        Assert.True(map.TryGetValue(ErlangList.FromString("s"), out var v));
        Assert.Equal(new ErlangList(I(1)), v);
        Assert.Equal(P("#{a => 2}"), P("#{a => 1, a => 2}"));
        Assert.Equal(P("#{a => 1}"), P("# {a=>1}"));
    }

    [Fact]
    public void ReadAll_KeepsPositions_OfTopLevelAndNestedTerms()
    {
        string text = "% header\n{a, 1}.\n  [x,\n   \"y\"]. %c\n\t<<>>.";
        var terms = ErlangTermReader.ReadAll(text, "f.conf");
        Assert.Equal(3, terms.Count);
        Assert.Equal(new SourcePosition("f.conf", 2, 1), terms[0].Position);
        Assert.Equal(new SourcePosition("f.conf", 3, 3), terms[1].Position);
        Assert.Equal(new SourcePosition("f.conf", 5, 2), terms[2].Position);
        var list = (ErlangList)terms[1].Term;
        Assert.True(terms[1].TryGetPosition(list[1], out var pos));
        Assert.Equal(new SourcePosition("f.conf", 4, 4), pos);
        Assert.True(terms[0].TryGetPosition(((ErlangTuple)terms[0].Term)[1], out pos));
        Assert.Equal("f.conf:2:5", pos.ToString());
        Assert.False(terms[0].TryGetPosition(A("a"), out _));
    }

    [Fact]
    public void ReadAll_EmptyAndCommentOnly_GiveNoTerms()
    {
        Assert.Empty(ErlangTermReader.ReadAll("", "f"));
        Assert.Empty(ErlangTermReader.ReadAll("  % only a comment\n\n", "f"));
        Assert.Single(ErlangTermReader.ReadAll("a.%comment right after the dot", "f"));
    }

    [Fact]
    public void ReadOne_DotIsOptional_ButOnlyOneTerm()
    {
        Assert.Equal(A("a"), ErlangTermReader.ReadOne("a", "f").Term);
        Assert.Equal(A("a"), ErlangTermReader.ReadOne(" a. ", "f").Term);
        var e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne("a. b.", "f"));
        Assert.Equal("f:1:4: expected a single term, found atom 'b' after it", e.Message);
    }

    [Theory]
    [InlineData("{a, \"abc", "f:1:5: unterminated string")]
    [InlineData("'abc", "f:1:1: unterminated quoted atom")]
    [InlineData("{a, b}", "f:1:7: missing '.' after the term that starts at line 1, column 1")]
    [InlineData("{a, b} {c}.", "f:1:8: expected '.' after the term, found '{'")]
    [InlineData("{a b}.", "f:1:4: expected ',' or '}' in a tuple, found atom 'b'")]
    [InlineData("[a b].", "f:1:4: expected ',', '|' or ']' in a list, found atom 'b'")]
    [InlineData("[a | b, c].", "f:1:7: expected ']' after the tail of a list, found ','")]
    [InlineData("{a, X}.", "f:1:5: variable X is not allowed in a term (atoms start with a lower-case letter or are quoted)")]
    [InlineData("_.", "f:1:1: variable _ is not allowed in a term (atoms start with a lower-case letter or are quoted)")]
    [InlineData("\n\n  <<1, 256>>.", "f:3:8: integer 256 in a binary is out of byte range 0..255")]
    [InlineData("<<-1>>.", "f:1:3: integer -1 in a binary is out of byte range 0..255")]
    [InlineData("<<\"€\">>.", "f:1:3: character 8364 in a binary string is out of byte range 0..255 (write \"...\"/utf8)")]
    [InlineData("<<a>>.", "f:1:3: expected a byte (0..255) or a string in a binary, found atom 'a'")]
    [InlineData("<<1:8>>.", "f:1:4: binary segment sizes and types are not supported (only bytes and strings)")]
    [InlineData("#{a, b}.", "f:1:4: expected '=>' between a map key and its value, found ','")]
    [InlineData("#[].", "f:1:2: expected '{' after '#' (a map is written #{Key => Value}), found '['")]
    [InlineData("{a,}.", "f:1:4: unexpected '}': a term is missing")]
    [InlineData("[", "f:1:2: unexpected end of input: a term is missing")]
    [InlineData(".", "f:1:1: unexpected '.': a term is missing")]
    [InlineData("a.b", "f:1:4: missing '.' after the term that starts at line 1, column 1")]
    [InlineData("{a}.b", "f:1:4: unexpected '.' (a term ends with '.' followed by whitespace)")]
    [InlineData("1.e5.", "f:1:2: unexpected '.' (a term ends with '.' followed by whitespace)")]
    [InlineData("- a.", "f:1:3: expected a number after '-', found atom 'a'")]
    [InlineData("37#1.", "f:1:1: invalid base 37 (2..36)")]
    [InlineData("2#2.", "f:1:1: missing digits after 2#")]
    [InlineData("1.0e.", "f:1:1: missing digits in the float's exponent")]
    [InlineData("1.0e999.", "f:1:1: float 1.0e999 is out of range")]
    [InlineData("{if, 1}.", "f:1:2: 'if' is a reserved word; write it quoted to use it as an atom")]
    [InlineData("query.", "f:1:1: 'query' is a reserved word; write it quoted to use it as an atom")]
    [InlineData("\"\\x{110000}\".", "f:1:2: \\x{...} escape beyond the Unicode range")]
    [InlineData("\"\\xZ\".", "f:1:2: malformed \\x escape (two hex digits or \\x{...})")]
    [InlineData("'\\x{D800}'.", "f:1:1: atom contains code point 55296, which is not a Unicode scalar value")]
    [InlineData("$", "f:1:1: unterminated character literal")]
    [InlineData("{a ; b}.", "f:1:4: unexpected character ';'")]
    [InlineData("a = b.", "f:1:3: unexpected character '='")]
    public void Errors_NameFileLineAndColumn(string text, string message)
    {
        var e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadAll(text, "f"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Limits_Depth_AtomLength_LiteralLength_Digits()
    {
        var options = new ErlangTermReaderOptions { MaxDepth = 5, MaxLiteralLength = 10, MaxNumberDigits = 20 };
        Assert.Equal(new string('[', 5) + new string(']', 5), ErlangTermReader.ReadOne(new string('[', 5) + new string(']', 5), "f", options).Term.ToString());
        var e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne("{[#{a => <<>>}]}" + new string('x', 0), "f", new ErlangTermReaderOptions { MaxDepth = 3 }));
        Assert.Equal("f:1:10: terms nested deeper than 3 levels", e.Message);
        e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne("\"12345678901\"", "f", options));
        Assert.Equal("f:1:1: string longer than 10 characters", e.Message);
        e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne("\"123456\" \"78901\"", "f", options));
        Assert.Equal("f:1:1: string longer than 10 characters", e.Message);
        e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne("<<\"123456\", \"78901\">>", "f", options));
        Assert.Equal("f:1:20: binary longer than 10 bytes", e.Message);
        e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne(new string('9', 21), "f", options));
        Assert.Equal("f:1:1: number literal longer than 20 digits", e.Message);
        e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne(new string('a', 256), "f"));
        Assert.Equal("f:1:1: atom longer than 255 characters", e.Message);
        e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadOne("'" + new string('a', 256) + "'", "f"));
        Assert.Equal("f:1:1: quoted atom longer than 255 characters", e.Message);
    }

    [Fact]
    public void HostileNesting_IsAnError_NotAStackOverflow()
    {
        string text = new string('[', 200_000) + new string(']', 200_000) + ".";
        var e = Assert.Throws<ErlangTermSyntaxException>(() => ErlangTermReader.ReadAll(text, "deep.conf"));
        Assert.Equal("deep.conf:1:1001: terms nested deeper than 1000 levels", e.Message);
        string ok = new string('{', 1000) + new string('}', 1000);
        Assert.NotNull(ErlangTermReader.ReadOne(ok, "f").Term);
    }
}
