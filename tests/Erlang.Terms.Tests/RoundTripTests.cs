namespace Erlang.Terms.Tests;

public class RoundTripTests
{
    [Fact]
    public void Text_ToString_ReadsBackEqual_ForGeneratedTerms()
    {
        var generator = new TermGenerator(seed: 1234, includeOpaque: false);
        for (int i = 0; i < 2000; i++)
        {
            var term = generator.Next();
            string text = term.ToString();
            var back = ErlangTermReader.Parse(text);
            Assert.True(term.Equals(back), $"case {i}: {text} read back as {back}");
            Assert.Equal(term.GetHashCode(), back.GetHashCode());
        }
    }

    [Fact]
    public void Etf_EncodeDecode_IsEqual_ForGeneratedTerms()
    {
        var generator = new TermGenerator(seed: 99, includeOpaque: true);
        for (int i = 0; i < 2000; i++)
        {
            var term = generator.Next();
            var bytes = ErlangExternalFormat.Encode(term);
            var back = ErlangExternalFormat.Decode(bytes);
            Assert.True(term.Equals(back), $"case {i}: {term} decoded as {back}");
            Assert.Equal(bytes, ErlangExternalFormat.Encode(back));
        }
    }
}
