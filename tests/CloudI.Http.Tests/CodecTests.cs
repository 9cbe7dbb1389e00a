using System.Text;

namespace CloudI.Http.Tests;

/// <summary>The byte-level pieces: query pairs, response info, status text, targets, content types.</summary>
public sealed class CodecTests
{
    [Fact]
    public void Query_pairs_spec_example()
    {
        Assert.Equal("x\01\0y\0a b\0y\02\0flag\0true\0"u8.ToArray(), QueryPairs.Encode("x=1&y=a%20b&y=2&flag")!);
        Assert.Equal([], QueryPairs.Encode("")!);
        Assert.Equal("k\0\0"u8.ToArray(), QueryPairs.Encode("k=&&")!);
        Assert.Equal(new byte[] { 0xFF, 0, (byte)'=', 0 }, QueryPairs.Encode("%ff==")!);
        Assert.Null(QueryPairs.Encode("a=%4"));
    }

    private static List<(string, string)> Pairs(byte[] data)
    {
        var list = new List<(string, string)>();
        var reader = new ResponseInfoReader(data);
        while (reader.Next(out ReadOnlySpan<byte> k, out ReadOnlySpan<byte> v))
        {
            list.Add((Encoding.Latin1.GetString(k), Encoding.Latin1.GetString(v)));
        }

        Assert.False(reader.Invalid);
        return list;
    }

    [Fact]
    public void Response_info_text_and_binary_pairs()
    {
        Assert.Equal([("a", "1"), ("b", "")], Pairs("a\01\0b\0\0"u8.ToArray()));
        Assert.Empty(Pairs([]));
        Assert.Empty(Pairs([0]));
        Assert.Equal([("ab", "c")], Pairs([0, 0, 0, 0, 2, (byte)'a', (byte)'b', 0, 0, 0, 1, (byte)'c']));
        foreach (byte[] bad in (byte[][])["a\01"u8.ToArray(), "a"u8.ToArray(), [0, 0, 0, 0, 9, 1], [0, 0, 0]])
        {
            var reader = new ResponseInfoReader(bad);
            while (reader.Next(out _, out _))
            {
            }

            Assert.True(reader.Invalid);
        }
    }

    [Theory]
    [InlineData("404", 404, null)]
    [InlineData("404 Not Found", 404, "Not Found")]
    [InlineData("200 ", 200, null)]
    public void Status_parsing(string text, int status, string? reason)
    {
        Assert.True(HttpFrontHandler.TryParseStatus(Encoding.ASCII.GetBytes(text), out int parsed, out string? why));
        Assert.Equal(status, parsed);
        Assert.Equal(reason, why);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("99")]
    [InlineData(" 200")]
    public void Bad_status(string text) =>
        Assert.False(HttpFrontHandler.TryParseStatus(Encoding.ASCII.GetBytes(text), out _, out _));

    [Theory]
    [InlineData("/a/b?x=1", "/a/b", "x=1")]
    [InlineData("/a/b", "/a/b", "")]
    [InlineData("/a?", "/a", "")]
    [InlineData("http://host:1/p/q?z", "/p/q", "z")]
    [InlineData("http://host", "/", "")]
    [InlineData("*", "*", "")]
    public void Target_split(string target, string path, string query)
    {
        HttpFrontHandler.SplitTarget(target, out string p, out ReadOnlySpan<char> q);
        Assert.Equal(path, p);
        Assert.Equal(query, q.ToString());
    }

    [Fact]
    public void Content_type_lookup_uses_the_last_segment()
    {
        Assert.Equal(("text/html", false), ContentTypes.Guess("/a.json/b", out ReadOnlySpan<char> name));
        Assert.Equal("b", name.ToString());
        Assert.Equal(("application/json", false), ContentTypes.Guess("/A.JSON", out _));
        Assert.Equal(("application/x-gzip", true), ContentTypes.Guess("/x.tar.gz", out _));
    }
}
