using CloudI.Names;

namespace CloudI.Tests.Names;

/// <summary>The precedence examples of §1.3, exactly as the spec tables them.</summary>
public sealed class PrecedenceTests
{
    private static readonly string[] TablePatterns =
    [
        "a/b/c/d", "a/b/c/*", "a/b/*/d", "a/*/c/d", "*/b/c/d", "a/b/*", "a/*/d", "*/c/d", "a/*", "*/d", "*",
    ];

    public static TheoryData<string, string> Table => new()
    {
        { "a/b/c/d", "a/b/c/d" },
        { "a/b/c/z", "a/b/c/*" },
        { "a/b/c/dd", "a/b/c/*" },
        { "a/b/z/d", "a/b/*/d" },
        { "a/b/cc/d", "a/b/*/d" },
        { "a/z/c/d", "a/*/c/d" },
        { "a/bb/c/d", "a/*/c/d" },
        { "z/b/c/d", "*/b/c/d" },
        { "aa/b/c/d", "*/b/c/d" },
        { "a/b/czd", "a/b/*" },
        { "a/bzc/d", "a/*/d" },
        { "azb/c/d", "*/c/d" },
        { "a/bzczd", "a/*" },
        { "azbzc/d", "*/d" },
        { "azbzczd", "*" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_spec_table_holds_without_a_prefix(string name, string expected)
    {
        foreach (ServiceNameFlavor flavor in Enum.GetValues<ServiceNameFlavor>())
        {
            Assert.Equal(expected, Build(flavor, "").Match(name)?.Pattern);
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void The_spec_table_holds_under_a_common_prefix(string name, string expected) =>
        Assert.Equal("/prefix/" + expected, Build(ServiceNameFlavor.Version20, "/prefix/").Match("/prefix/" + name)?.Pattern);

    [Fact]
    public void The_result_does_not_depend_on_insertion_order()
    {
        var reversed = PatternTrie<int>.Empty(ServiceNameFlavor.Version153);
        for (int k = TablePatterns.Length - 1; k >= 0; k--)
        {
            reversed = reversed.SetItem(TablePatterns[k], k);
        }

        foreach ((string name, string expected) in Table.Select(row => ((string)row[0], (string)row[1])))
        {
            Assert.Equal(expected, reversed.Match(name)?.Pattern);
        }
    }

    [Fact]
    public void A_trailing_star_needs_at_least_one_character() =>
        Assert.Null(PatternTrie<int>.Empty(ServiceNameFlavor.Version153).SetItem("/a/b/*", 1).Match("/a/b/"));

    [Theory]
    [InlineData("/a/*")]
    [InlineData("/a/?")]
    [InlineData("")]
    public void A_name_containing_a_wildcard_is_no_destination(string name)
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version20).SetItem("*", 1).SetItem("/a/*", 2);
        Assert.Null(trie.Match(name));
    }

    [Fact]
    public void Star_prefers_the_shortest_extent()
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version153).SetItem("/*/b", 1).SetItem("/*", 2);
        PatternMatch<int>? match = trie.Match("/a/b/b");
        Assert.Equal("/*/b", match?.Pattern);
        Assert.Equal(["a/b"], match!.WildcardParts);
    }

    [Theory]
    [InlineData("/x/y/z", "/x/?/z", new[] { "y" })]
    [InlineData("/x/y/w/z", "/x/*", new[] { "y/w/z" })]
    [InlineData("/x/y/z/z", "/x/*", new[] { "y/z/z" })]
    public void Question_mark_examples_of_2_0(string name, string expected, string[] parts)
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version20).SetItem("/x/?/z", 1).SetItem("/x/*", 2);
        PatternMatch<int>? match = trie.Match(name);
        Assert.Equal(expected, match?.Pattern);
        Assert.Equal(parts, match!.WildcardParts);
    }

    [Theory]
    [InlineData("/r/a.txt", true)]
    [InlineData("/r/a/b.txt", true)]
    [InlineData("/r/a.b.txt", false)]
    public void Question_mark_stops_at_the_first_next_literal(string name, bool matches) =>
        Assert.Equal(matches, ServiceNames.IsMatch("/r/?.txt", name, ServiceNameFlavor.Version20));

    [Fact]
    public void Question_mark_beats_star_at_the_same_position()
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version20).SetItem("/*/z", 1).SetItem("/?/z", 2);
        Assert.Equal("/?/z", trie.Match("/y/z")?.Pattern);
    }

    private static PatternTrie<int> Build(ServiceNameFlavor flavor, string prefix)
    {
        var trie = PatternTrie<int>.Empty(flavor);
        for (int k = 0; k < TablePatterns.Length; k++)
        {
            trie = trie.SetItem(prefix + TablePatterns[k], k);
        }

        return trie;
    }
}
