using CloudI.Names;

namespace CloudI.Tests.Names;

public sealed class PatternTrieTests
{
    [Fact]
    public void Updates_leave_earlier_versions_unchanged()
    {
        PatternTrie<int> one = PatternTrie<int>.Empty(ServiceNameFlavor.Version20).SetItem("/a/*", 1);
        PatternTrie<int> two = one.SetItem("/a/b", 2).SetItem("/a/*", 10);
        Assert.Equal(1, one.Count);
        Assert.Equal(2, two.Count);
        Assert.Equal(1, one.Match("/a/b")!.Value);
        Assert.Equal(2, two.Match("/a/b")!.Value);
        Assert.Equal(10, two.Match("/a/c")!.Value);
    }

    [Fact]
    public void Exact_lookup_compares_strings_and_does_not_match()
    {
        PatternTrie<string> trie = PatternTrie<string>.Empty(ServiceNameFlavor.Version20).SetItem("/a/*", "star").SetItem("/a/?/b", "q");
        Assert.True(trie.TryGetValue("/a/*", out string? value));
        Assert.Equal("star", value);
        Assert.True(trie.TryGetValue("/a/?/b", out value));
        Assert.Equal("q", value);
        Assert.False(trie.TryGetValue("/a/x", out _));
        Assert.False(trie.TryGetValue("/a/", out _));
        Assert.Equal(["/a/*", "/a/?/b"], trie.Items().Select(i => i.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Remove_prunes_and_keeps_the_others()
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version153)
            .SetItem("/a/b/c", 1).SetItem("/a/b", 2).SetItem("/a/*", 3);
        PatternTrie<int> removed = trie.Remove("/a/b");
        Assert.Equal(2, removed.Count);
        Assert.Equal(3, removed.Match("/a/b")!.Value);
        Assert.Equal(1, removed.Match("/a/b/c")!.Value);
        Assert.Same(removed, removed.Remove("/a/b"));
        PatternTrie<int> empty = removed.Remove("/a/b/c").Remove("/a/*");
        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.Items());
        Assert.Null(empty.Match("/a/b"));
    }

    [Fact]
    public void Invalid_patterns_are_refused() =>
        Assert.Throws<InvalidServiceNameException>(() => PatternTrie<int>.Empty(ServiceNameFlavor.Version20).SetItem("/a/?", 1));

    [Fact]
    public void Question_mark_is_an_ordinary_edge_in_1_5_3()
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version153).SetItem("/a/?", 1).SetItem("/a/*", 2);
        Assert.Equal(1, trie.Match("/a/?")!.Value);
        Assert.Equal(2, trie.Match("/a/b")!.Value);
    }
}
