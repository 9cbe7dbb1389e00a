using CloudI.Names;
using CloudI.Subscriptions;

namespace CloudI.Tests.Subscriptions;

public sealed class LookupCacheTests
{
    [Fact]
    public void Remembers_results_and_no_match_by_exact_name()
    {
        var cache = new LookupCache<string>();
        var found = new PatternSubscribers<string>("/a/x", "/a/*", ["x"], []);
        Assert.False(cache.TryGet("/a/x", out _));

        cache.Add("/a/x", found);
        cache.Add("/none", null);

        Assert.True(cache.TryGet("/a/x", out PatternSubscribers<string>? again));
        Assert.Same(found, again);
        Assert.True(cache.TryGet("/none", out PatternSubscribers<string>? none));
        Assert.Null(none);
        Assert.False(cache.TryGet("/A/x", out _));
        Assert.False(cache.TryGet("/a/x/", out _));
    }

    [Fact]
    public void Many_names_stay_bounded_and_never_answer_for_another_name()
    {
        var cache = new LookupCache<string>();
        for (int k = 0; k < 10_000; k++)
        {
            string name = "/n/" + k;
            cache.Add(name, new PatternSubscribers<string>(name, "/n/*", [k.ToString(System.Globalization.CultureInfo.InvariantCulture)], []));
        }

        int hits = 0;
        for (int k = 0; k < 10_000; k++)
        {
            string name = "/n/" + k;
            if (cache.TryGet(name, out PatternSubscribers<string>? found))
            {
                hits++;
                Assert.Equal(name, found!.Name);
            }
        }

        // A fixed table: at most one name per slot survives.
        Assert.InRange(hits, 1, 256);
    }

    [Fact]
    public void Snapshot_lookups_answer_the_same_when_repeated_with_and_without_exclusion()
    {
        var table = new SubscriptionTable<string>(ServiceNameFlavor.Version20);
        table.Subscribe("/a/*", "s1");
        table.Subscribe("/a/*", "s2");
        table.Subscribe("/a/b", "s1");
        SubscriptionSnapshot<string> snapshot = table.Snapshot;
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(["s1", "s2"], snapshot.Lookup("/a/x")!.Candidates.Select(c => c.Subscriber));
            Assert.Equal(["s2"], snapshot.Lookup("/a/x", "s1")!.Candidates.Select(c => c.Subscriber));
            Assert.Equal(["s1", "s2"], snapshot.Lookup("/a/x", "s3")!.Candidates.Select(c => c.Subscriber));
            Assert.Equal(["x"], snapshot.Lookup("/a/x", "s1")!.WildcardParts);
            Assert.Empty(snapshot.Lookup("/a/b", "s1")!.Candidates);
            Assert.Null(snapshot.Lookup("/b/x"));
            Assert.Null(snapshot.Lookup("/a/*"));
        }

        // A later snapshot sees the change; the old one keeps its answers.
        table.Subscribe("/a/x", "s3");
        Assert.Equal("/a/x", table.Snapshot.Lookup("/a/x")!.Pattern);
        Assert.Equal("/a/*", snapshot.Lookup("/a/x")!.Pattern);
    }
}
