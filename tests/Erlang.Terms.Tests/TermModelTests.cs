using System.Collections.Immutable;
using System.Numerics;

namespace Erlang.Terms.Tests;

public class TermModelTests
{
    private static ErlangAtom A(string s) => new(s);

    private static ErlangInteger I(long v) => new(v);

    [Fact]
    public void StringLiteral_EqualsListOfCodes_AndHashesAlike()
    {
        var literal = ErlangList.FromString("hé😀");
        var codes = new ErlangList(I('h'), I(0xE9), I(0x1F600));
        Assert.Equal(codes, literal);
        Assert.Equal(codes.GetHashCode(), literal.GetHashCode());
        Assert.True(literal.IsStringLiteral);
        Assert.False(codes.IsStringLiteral);
        Assert.Equal(3, literal.Count);
        Assert.True(codes.TryGetString(out var s));
        Assert.Equal("hé😀", s);
        Assert.Equal(ErlangList.Nil, ErlangList.FromString(""));
    }

    [Fact]
    public void TryGetString_False_ForNonText()
    {
        Assert.False(new ErlangList(A("a")).TryGetString(out _));
        Assert.False(new ErlangList(I(0xD800)).TryGetString(out _));
        Assert.False(new ErlangList(ImmutableArray.Create<ErlangTerm>(I(1)), A("t")).TryGetString(out _));
        Assert.True(ErlangList.Nil.TryGetString(out var empty));
        Assert.Equal("", empty);
    }

    [Fact]
    public void Integer_NormalisesBigValuesThatFitInLong()
    {
        Assert.Equal(I(5), new ErlangInteger(new BigInteger(5)));
        Assert.True(new ErlangInteger(new BigInteger(long.MinValue)).IsInt64);
        var big = new ErlangInteger(BigInteger.One << 70);
        Assert.False(big.IsInt64);
        Assert.False(big.TryGetInt64(out _));
        Assert.Equal(big, new ErlangInteger(BigInteger.Pow(2, 70)));
        Assert.NotEqual<ErlangTerm>(I(1), new ErlangFloat(1.0));
        Assert.True(I(-7).TryGetInt32(out int v) && v == -7);
        Assert.False(I(1L << 40).TryGetInt32(out _));
    }

    [Fact]
    public void List_TailThatIsAList_IsAppended()
    {
        var inner = new ErlangList(ImmutableArray.Create<ErlangTerm>(I(2)), A("t"));
        var outer = new ErlangList(ImmutableArray.Create<ErlangTerm>(I(1)), inner);
        Assert.Equal(new ErlangList(ImmutableArray.Create<ErlangTerm>(I(1), I(2)), A("t")), outer);
        Assert.Equal(new ErlangList(I(1)), new ErlangList(ImmutableArray.Create<ErlangTerm>(I(1)), ErlangList.Nil));
        Assert.Throws<ArgumentException>(() => new ErlangList(ImmutableArray<ErlangTerm>.Empty, A("t")));
    }

    [Fact]
    public void Map_EqualityIgnoresOrder_LastDuplicateWins()
    {
        var m1 = new ErlangMap(new KeyValuePair<ErlangTerm, ErlangTerm>[] { new(A("a"), I(1)), new(A("b"), I(2)) });
        var m2 = new ErlangMap(new KeyValuePair<ErlangTerm, ErlangTerm>[] { new(A("b"), I(2)), new(A("a"), I(0)), new(A("a"), I(1)) });
        Assert.Equal(m1, m2);
        Assert.Equal(m1.GetHashCode(), m2.GetHashCode());
        Assert.Equal(2, m2.Count);
        Assert.True(m2.TryGetValue(A("a"), out var v));
        Assert.Equal(I(1), v);
        Assert.False(m2.TryGetValue(A("c"), out _));
    }

    [Fact]
    public void Constructors_RejectWhatErlangCannotHold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErlangFloat(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErlangFloat(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new ErlangAtom(new string('a', 256)));
        _ = new ErlangAtom(string.Concat(Enumerable.Repeat("😀", 255)));
        Assert.Throws<ArgumentException>(() => new ErlangAtom("\uD800"));
        Assert.Throws<ArgumentException>(() => ErlangList.FromString("\uDC00"));
        Assert.Throws<ArgumentException>(() => new ErlangReference(A("n"), 0, ImmutableArray<uint>.Empty));
        Assert.Throws<ArgumentException>(() => new ErlangReference(A("n"), 0, ImmutableArray.Create(1u, 2u, 3u, 4u, 5u, 6u)));
    }

    [Fact]
    public void Pid_EqualityIsStructural()
    {
        Assert.Equal(new ErlangPid(A("n@h"), 1, 2, 3), new ErlangPid(A("n@h"), 1, 2, 3));
        Assert.NotEqual(new ErlangPid(A("n@h"), 1, 2, 3), new ErlangPid(A("n@h"), 1, 2, 4));
        Assert.Equal("#Pid<'n@h'.1.2.3>", new ErlangPid(A("n@h"), 1, 2, 3).ToString());
    }

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("cloudi@host", "cloudi@host")]
    [InlineData("Upper", "'Upper'")]
    [InlineData("with space", "'with space'")]
    [InlineData("it's", "'it\\'s'")]
    [InlineData("if", "'if'")]
    [InlineData("query", "'query'")]
    [InlineData("maybe", "'maybe'")]
    [InlineData("else", "'else'")]
    [InlineData("", "''")]
    [InlineData("a.b", "'a.b'")]
    [InlineData("new\nline", "'new\\nline'")]
    public void Atom_ToString_QuotesWhenNeeded(string name, string expected) =>
        Assert.Equal(expected, new ErlangAtom(name).ToString());

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.0e-3, "-0.002")]
    [InlineData(1e20, "1.0e20")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(-1e300, "-1.0e300")]
    public void Float_ToString_IsErlangSyntax(double value, string expected) =>
        Assert.Equal(expected, new ErlangFloat(value).ToString());

    [Fact]
    public void ToString_Compound()
    {
        var t = new ErlangTuple(A("a"), I(-1), ErlangList.FromString("x\"y"), new ErlangBinary(new byte[] { 1, 2, 255 }),
            ErlangBinary.FromUtf8("hi"), new ErlangList(ImmutableArray.Create<ErlangTerm>(I(1), I(2)), A("c")), ErlangList.Nil,
            new ErlangMap(new KeyValuePair<ErlangTerm, ErlangTerm>[] { new(A("k"), I(1)) }), ErlangBinary.Empty);
        Assert.Equal("{a,-1,\"x\\\"y\",<<1,2,255>>,<<\"hi\">>,[1,2|c],[],#{k => 1},<<>>}", t.ToString());
    }
}
