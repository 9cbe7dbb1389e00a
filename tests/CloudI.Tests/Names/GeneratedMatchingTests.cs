using CloudI.Names;

namespace CloudI.Tests.Names;

/// <summary>Random patterns and names (fixed seeds) checked against <see cref="ReferenceMatcher"/>.</summary>
public sealed class GeneratedMatchingTests
{
    [Theory]
    [InlineData(ServiceNameFlavor.Version153, 11)]
    [InlineData(ServiceNameFlavor.Version20, 12)]
    [InlineData(ServiceNameFlavor.Version20, 13)]
    public void Single_pattern_matching_agrees_with_the_regular_expression(ServiceNameFlavor flavor, int seed)
    {
        var random = new Random(seed);
        List<string> patterns = RandomPatterns(random, flavor, 150);
        List<string> names = RandomNames(random, 400);
        foreach (string pattern in patterns)
        {
            var reference = new ReferenceMatcher(pattern, flavor);
            PatternTrie<int> single = PatternTrie<int>.Empty(flavor).SetItem(pattern, 0);
            foreach (string name in names)
            {
                PatternMatch<int>? match = single.Match(name);
                Assert.True(reference.IsMatch(name) == (match is not null), $"pattern \"{pattern}\", name \"{name}\"");
                if (match is not null)
                {
                    Assert.Equal(reference.Best(name)!.Value.Parts, match.WildcardParts);
                }
            }
        }
    }

    [Theory]
    [InlineData(ServiceNameFlavor.Version153, 21)]
    [InlineData(ServiceNameFlavor.Version20, 22)]
    public void The_winner_among_many_patterns_satisfies_the_precedence_rules(ServiceNameFlavor flavor, int seed)
    {
        var random = new Random(seed);
        List<string> patterns = RandomPatterns(random, flavor, 300);
        var references = patterns.Select(p => new ReferenceMatcher(p, flavor)).ToList();
        var trie = PatternTrie<int>.Empty(flavor);
        for (int k = 0; k < patterns.Count; k++)
        {
            trie = trie.SetItem(patterns[k], k);
        }

        Assert.Equal(patterns.Count, trie.Count);
        int matched = 0;
        foreach (string name in RandomNames(random, 1500).Concat(patterns.Select(p => Instantiate(p, random))))
        {
            var matching = references.Where(r => r.IsMatch(name)).ToList();
            PatternMatch<int>? match = trie.Match(name);
            if (matching.Count == 0)
            {
                Assert.Null(match);
                continue;
            }

            matched++;
            Assert.NotNull(match);
            Assert.Contains(matching, r => r.Pattern == match.Pattern);
            Assert.Equal(patterns[match.Value], match.Pattern);

            var winner = matching
                .Select(r => (r.Pattern, Best: r.Best(name)!.Value))
                .Aggregate((a, b) => ReferenceMatcher.Compare(b.Best.Steps, a.Best.Steps) < 0 ? b : a);
            Assert.True(winner.Pattern == match.Pattern, $"name \"{name}\": expected \"{winner.Pattern}\", got \"{match.Pattern}\"");
            Assert.Equal(winner.Best.Parts, match.WildcardParts);
            if (patterns.Contains(name))
            {
                Assert.Equal(name, match.Pattern);
            }
        }

        Assert.True(matched > 500, $"only {matched} names matched; the generator is too sparse");
    }

    [Fact]
    public void Thousands_of_patterns_are_looked_up_without_scanning_them_all()
    {
        var trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version153);
        for (int k = 0; k < 5000; k++)
        {
            trie = trie.SetItem($"/service/{k}/*", k);
            trie = trie.SetItem($"/service/{k}/exact", -k);
        }

        trie = trie.SetItem("/service/*", int.MaxValue);
        Assert.Equal(10001, trie.Count);
        for (int k = 0; k < 5000; k += 7)
        {
            Assert.Equal(k, trie.Match($"/service/{k}/x/y")!.Value);
            Assert.Equal(-k, trie.Match($"/service/{k}/exact")!.Value);
        }

        Assert.Equal(int.MaxValue, trie.Match("/service/none")!.Value);
    }

    [Fact]
    public void Many_stars_do_not_make_the_search_exponential()
    {
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version153).SetItem("*a*a*a*a*a*a*a*a*a*b", 1);
        string name = new('a', 400);
        Assert.Null(trie.Match(name));
        Assert.NotNull(trie.Match(name + "b"));
    }

    [Fact]
    public void Long_literal_names_do_not_recurse_per_character()
    {
        string pattern = new string('x', 200_000) + "*";
        PatternTrie<int> trie = PatternTrie<int>.Empty(ServiceNameFlavor.Version153).SetItem(pattern, 1);
        Assert.NotNull(trie.Match(new string('x', 200_001)));
    }

    private static List<string> RandomPatterns(Random random, ServiceNameFlavor flavor, int count)
    {
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        while (patterns.Count < count)
        {
            int length = random.Next(1, 8);
            var chars = new char[length];
            for (int k = 0; k < length; k++)
            {
                int roll = random.Next(10);
                chars[k] = roll < 2 ? '*' : roll < 4 ? '?' : "ab/"[random.Next(3)];
            }

            string pattern = new(chars);
            if (ServiceNames.PatternError(pattern, flavor) is null)
            {
                patterns.Add(pattern);
            }
        }

        return [.. patterns];
    }

    private static List<string> RandomNames(Random random, int count)
    {
        var names = new List<string>(count);
        for (int n = 0; n < count; n++)
        {
            int length = random.Next(1, 11);
            names.Add(string.Create(length, random, static (span, r) =>
            {
                for (int k = 0; k < span.Length; k++)
                {
                    span[k] = "ab/"[r.Next(3)];
                }
            }));
        }

        return names;
    }

    /// <summary>A name the pattern (probably) matches: wildcards replaced by short random text.</summary>
    private static string Instantiate(string pattern, Random random) =>
        string.Concat(pattern.Select(c => c is '*' or '?' ? new string("ab/"[random.Next(3)], random.Next(1, 3)) : c.ToString()));
}
