using CloudI.Subscriptions;

namespace CloudI.Tests.Subscriptions;

public sealed class CallbackRotationTests
{
    [Fact]
    public void Callbacks_of_one_pattern_are_called_round_robin_first_subscribed_first()
    {
        var rotation = new CallbackRotation<string>();
        rotation.Add("/a/*", "first");
        rotation.Add("/a/*", "second");
        rotation.Add("/a/*", "third");
        rotation.Add("/b", "other");
        var calls = new List<string>();
        for (int k = 0; k < 9; k++)
        {
            Assert.True(rotation.TryNext("/a/*", out string callback));
            calls.Add(callback);
        }

        Assert.Equal(["first", "second", "third", "first", "second", "third", "first", "second", "third"], calls);
        Assert.True(rotation.TryNext("/b", out string only));
        Assert.Equal("other", only);
        Assert.False(rotation.TryNext("/c", out _));
    }

    [Fact]
    public void Unsubscribe_removes_the_callback_that_would_be_called_next()
    {
        var rotation = new CallbackRotation<string>();
        rotation.Add("/a", "first");
        rotation.Add("/a", "second");
        rotation.Add("/a", "third");
        rotation.TryNext("/a", out _);
        Assert.True(rotation.RemoveNext("/a"));
        Assert.Equal(2, rotation.Count("/a"));
        Assert.True(rotation.TryNext("/a", out string next));
        Assert.Equal("third", next);
        Assert.True(rotation.TryNext("/a", out next));
        Assert.Equal("first", next);

        rotation.TryNext("/a", out _);
        Assert.True(rotation.RemoveNext("/a"));
        Assert.True(rotation.TryNext("/a", out next));
        Assert.Equal("third", next);
        Assert.True(rotation.RemoveNext("/a"));
        Assert.Equal(0, rotation.Count("/a"));
        Assert.False(rotation.RemoveNext("/a"));
        Assert.False(rotation.TryNext("/a", out _));
    }
}
