using CloudI.Names;
using CloudI.Subscriptions;

namespace CloudI.Tests.Subscriptions;

public sealed class SubscriptionTableTests
{
    private static SubscriptionTable<string> NewTable() => new(ServiceNameFlavor.Version153);

    [Fact]
    public void Repeated_subscriptions_count_and_count_exactly_by_pattern_string()
    {
        SubscriptionTable<string> table = NewTable();
        Assert.Equal(1, table.Subscribe("/a/*", "s1"));
        Assert.Equal(2, table.Subscribe("/a/*", "s1"));
        Assert.Equal(1, table.Subscribe("/a/*", "s2"));
        Assert.Equal(2, table.SubscribeCount("/a/*", "s1"));
        Assert.Equal(1, table.SubscribeCount("/a/*", "s2"));
        Assert.Equal(0, table.SubscribeCount("/a/b", "s1"));
        Assert.Equal(0, table.SubscribeCount("/a/*", "s3"));
        Assert.Equal(3, table.Snapshot.Count);
        Assert.Equal(1, table.Snapshot.PatternCount);
    }

    [Fact]
    public void Each_entry_is_a_candidate_in_join_order()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a/*", "s1");
        table.Subscribe("/a/*", "s2");
        table.Subscribe("/a/*", "s1");
        PatternSubscribers<string>? found = table.Snapshot.Lookup("/a/x");
        Assert.NotNull(found);
        Assert.Equal("/a/*", found.Pattern);
        Assert.Equal(["x"], found.WildcardParts);
        Assert.Equal(["s1", "s2", "s1"], found.Candidates.Select(c => c.Subscriber));
        Assert.True(found.Candidates.Zip(found.Candidates.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
    }

    [Fact]
    public void Random_selection_weights_subscribers_by_their_entry_count()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a/*", "double");
        table.Subscribe("/a/*", "double");
        table.Subscribe("/a/*", "single");
        var random = new Random(5);
        int doubles = 0;
        const int Picks = 6000;
        for (int k = 0; k < Picks; k++)
        {
            if (table.Snapshot.Select("/a/x", "sender", DestinationRule.Random, random)!.Subscriber == "double")
            {
                doubles++;
            }
        }

        Assert.InRange(doubles, 3700, 4300);
    }

    [Fact]
    public void Every_entry_is_picked_over_many_lookups()
    {
        SubscriptionTable<int> table = new(ServiceNameFlavor.Version20);
        for (int s = 0; s < 5; s++)
        {
            table.Subscribe("/p/?/q", s);
        }

        var random = new Random(9);
        var seen = new HashSet<int>();
        foreach (DestinationRule rule in new[] { DestinationRule.Closest, DestinationRule.Furthest, DestinationRule.Local, DestinationRule.Random })
        {
            for (int k = 0; k < 200; k++)
            {
                seen.Add(table.Snapshot.Select("/p/x/q", rule, random)!.Subscriber);
            }
        }

        Assert.Equal([0, 1, 2, 3, 4], seen.Order());
    }

    [Fact]
    public void Newest_and_oldest_pick_by_join_order_after_exclusion()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a", "s1");
        table.Subscribe("/a", "s2");
        table.Subscribe("/a", "s3");
        SubscriptionSnapshot<string> snapshot = table.Snapshot;
        Assert.Equal("s1", snapshot.Select("/a", DestinationRule.Oldest)!.Subscriber);
        Assert.Equal("s3", snapshot.Select("/a", DestinationRule.Newest)!.Subscriber);
        Assert.Equal("s2", snapshot.Select("/a", "s1", DestinationRule.Oldest)!.Subscriber);
        Assert.Equal("s2", snapshot.Select("/a", "s3", DestinationRule.Newest)!.Subscriber);
    }

    [Fact]
    public void Remote_and_none_never_find_a_destination_on_one_node()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a", "s1");
        Assert.Null(table.Snapshot.Select("/a", DestinationRule.Remote));
        Assert.Null(table.Snapshot.Select("/a", DestinationRule.None));
        Assert.Empty(table.Snapshot.Multicast("/a", "x", DestinationRule.Remote));
        Assert.Empty(table.Snapshot.Multicast("/a", "x", DestinationRule.None));
    }

    [Fact]
    public void A_sender_is_never_its_own_destination_and_there_is_no_fallback()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a/b", "self");
        table.Subscribe("/a/b", "self");
        table.Subscribe("/a/*", "other");
        SubscriptionSnapshot<string> snapshot = table.Snapshot;

        PatternSubscribers<string>? found = snapshot.Lookup("/a/b", "self");
        Assert.Equal("/a/b", found?.Pattern);
        Assert.Empty(found!.Candidates);
        foreach (DestinationRule rule in Enum.GetValues<DestinationRule>())
        {
            Assert.Null(snapshot.Select("/a/b", "self", rule));
        }

        Assert.Empty(snapshot.Multicast("/a/b", "self", DestinationRule.Random));
        Assert.Equal("self", snapshot.Select("/a/b", "other", DestinationRule.Random)!.Subscriber);
        Assert.Equal("other", snapshot.Select("/a/c", "self", DestinationRule.Random)!.Subscriber);
    }

    [Fact]
    public void A_multi_threaded_service_can_reach_its_other_threads()
    {
        SubscriptionTable<(string Service, int Thread)> table = new(ServiceNameFlavor.Version153);
        for (int thread = 0; thread < 4; thread++)
        {
            table.Subscribe("/svc/x", ("svc", thread));
        }

        for (int sender = 0; sender < 4; sender++)
        {
            PatternSubscribers<(string, int)> found = table.Snapshot.Lookup("/svc/x", ("svc", sender))!;
            Assert.Equal(3, found.Candidates.Count);
            Assert.DoesNotContain(found.Candidates, c => c.Subscriber.Item2 == sender);
        }
    }

    [Fact]
    public void Multicast_uses_every_entry_newest_first()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/m/*", "s1");
        table.Subscribe("/m/*", "s2");
        table.Subscribe("/m/*", "sender");
        table.Subscribe("/m/*", "s1");
        IReadOnlyList<Subscription<string>> destinations = table.Snapshot.Multicast("/m/x", "sender", DestinationRule.Oldest);
        Assert.Equal(["s1", "s2", "s1"], destinations.Select(d => d.Subscriber));
        Assert.True(destinations[0].Sequence > destinations[1].Sequence);
        Assert.Empty(table.Snapshot.Multicast("/none", "sender", DestinationRule.Random));
    }

    [Fact]
    public void Unsubscribe_removes_one_entry_and_rejects_unknown_subscriptions()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a/*", "s1");
        table.Subscribe("/a/*", "s2");
        table.Subscribe("/a/*", "s1");
        Assert.True(table.Unsubscribe("/a/*", "s1"));
        Assert.Equal(1, table.SubscribeCount("/a/*", "s1"));
        Assert.Equal(["s1", "s2"], table.Snapshot.EntriesOf("/a/*").Select(e => e.Subscriber));

        Assert.False(table.Unsubscribe("/a/b", "s1"));
        Assert.False(table.Unsubscribe("/a/*", "s3"));
        Assert.True(table.Unsubscribe("/a/*", "s1"));
        Assert.False(table.Unsubscribe("/a/*", "s1"));
        Assert.True(table.Unsubscribe("/a/*", "s2"));
        Assert.Null(table.Snapshot.Lookup("/a/x"));
        Assert.Equal(0, table.Snapshot.Count);
        Assert.Equal(0, table.Snapshot.PatternCount);
    }

    [Fact]
    public void A_terminated_subscriber_loses_every_entry()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a/*", "gone");
        table.Subscribe("/a/*", "gone");
        table.Subscribe("/b", "gone");
        table.Subscribe("/a/*", "stays");
        Assert.Equal(3, table.RemoveSubscriber("gone"));
        Assert.Equal(0, table.RemoveSubscriber("gone"));
        Assert.Null(table.Snapshot.Lookup("/b"));
        Assert.Equal(["stays"], table.Snapshot.Lookup("/a/x")!.Candidates.Select(c => c.Subscriber));
        Assert.Equal(1, table.Snapshot.Count);
    }

    [Fact]
    public void Old_snapshots_are_unaffected_by_later_changes()
    {
        SubscriptionTable<string> table = NewTable();
        table.Subscribe("/a", "s1");
        SubscriptionSnapshot<string> stale = table.Snapshot;
        table.RemoveSubscriber("s1");
        table.Subscribe("/b", "s2");
        Assert.Equal("s1", stale.Select("/a", DestinationRule.Random)!.Subscriber);
        Assert.Null(stale.Lookup("/b"));
        Assert.Null(table.Snapshot.Lookup("/a"));
    }

    [Fact]
    public void Invalid_patterns_are_refused()
    {
        SubscriptionTable<string> table = new(ServiceNameFlavor.Version20);
        Assert.Throws<InvalidServiceNameException>(() => table.Subscribe("/a/**", "s"));
        Assert.Throws<InvalidServiceNameException>(() => table.Subscribe("/a/?", "s"));
        Assert.Equal(0, table.Snapshot.Count);
    }

    [Fact]
    public void Scopes_are_independent()
    {
        var scopes = new SubscriptionScopes<string>(ServiceNameFlavor.Version153);
        scopes[SubscriptionScopes<string>.DefaultScope].Subscribe("/a", "s1");
        scopes["other"].Subscribe("/b", "s1");
        Assert.Same(scopes["other"], scopes["other"]);
        Assert.Null(scopes["other"].Snapshot.Lookup("/a"));
        Assert.Null(scopes["default"].Snapshot.Lookup("/b"));
        Assert.NotNull(scopes["default"].Snapshot.Lookup("/a"));
    }

    [Fact]
    public async Task Lookups_during_concurrent_writes_see_consistent_states()
    {
        SubscriptionTable<int> table = new(ServiceNameFlavor.Version153);
        table.Subscribe("/stable/*", -1);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        Task writer = Task.Factory.StartNew(() =>
        {
            int k = 0;
            while (k < 500 || !stop.IsCancellationRequested)
            {
                int subscriber = k % 8;
                table.Subscribe($"/stable/{k % 16}", subscriber);
                table.Subscribe("/stable/*", subscriber);
                if (k % 3 == 0)
                {
                    table.RemoveSubscriber(subscriber);
                }

                k++;
            }
        }, TaskCreationOptions.LongRunning);

        var readers = Enumerable.Range(0, 2).Select(r => Task.Factory.StartNew(() =>
        {
            long lookups = 0;
            while (lookups < 2000 || !stop.IsCancellationRequested)
            {
                SubscriptionSnapshot<int> snapshot = table.Snapshot;
                string name = $"/stable/{lookups % 20}";
                PatternSubscribers<int>? found = snapshot.Lookup(name, 3);
                Assert.NotNull(found);
                Assert.All(found.Candidates, c => Assert.Equal(found.Pattern, c.Pattern));
                Assert.DoesNotContain(found.Candidates, c => c.Subscriber == 3);
                Assert.Equal(snapshot.Count, snapshot.Count);
                int total = 0;
                for (int s = -1; s < 8; s++)
                {
                    total += snapshot.SubscribeCount(found.Pattern, s);
                }

                Assert.Equal(snapshot.EntriesOf(found.Pattern).Count, total);
                lookups++;
            }

            return lookups;
        }, TaskCreationOptions.LongRunning)).ToArray();

        await writer;
        long[] counts = await Task.WhenAll(readers);
        Assert.All(counts, c => Assert.True(c >= 2000));
        Assert.Contains(table.Snapshot.Lookup("/stable/x")!.Candidates, c => c.Subscriber == -1);
    }
}
