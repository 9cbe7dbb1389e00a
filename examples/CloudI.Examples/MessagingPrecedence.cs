namespace CloudI.Examples;

/// <summary>
/// The pattern precedence case of CloudI's messaging test (semantics spec §1.3): the patterns
/// every <see cref="MessagingService"/> process subscribes and, for each name sent, the pattern
/// the lookup must pick (all relative to the service's prefix).
/// </summary>
public static class MessagingPrecedence
{
    /// <summary>The subscribed patterns, most specific first as CloudI's test subscribes them.</summary>
    public static IReadOnlyList<string> Patterns { get; } =
    [
        "a/b/c/d", "a/b/c/*", "a/b/*/d", "a/*/c/d", "*/b/c/d", "a/b/*", "a/*/d", "*/c/d", "a/*", "*/d", "*",
    ];

    /// <summary>Name sent → pattern that must answer; request <c>test{k+1}</c> goes to entry k.</summary>
    public static IReadOnlyList<(string Name, string Pattern)> Cases { get; } =
    [
        ("a/b/c/d", "a/b/c/d"),
        ("a/b/c/z", "a/b/c/*"),
        ("a/b/c/dd", "a/b/c/*"),
        ("a/b/z/d", "a/b/*/d"),
        ("a/b/cc/d", "a/b/*/d"),
        ("a/z/c/d", "a/*/c/d"),
        ("a/bb/c/d", "a/*/c/d"),
        ("z/b/c/d", "*/b/c/d"),
        ("aa/b/c/d", "*/b/c/d"),
        ("a/b/czd", "a/b/*"),
        ("a/bzc/d", "a/*/d"),
        ("azb/c/d", "*/c/d"),
        ("a/bzczd", "a/*"),
        ("azbzc/d", "*/d"),
        ("azbzczd", "*"),
    ];

    /// <summary>What a precedence pattern's handler answers: the matched pattern and the request.</summary>
    public static string Answer(string patternSuffix, string request) => patternSuffix + "|" + request;
}
