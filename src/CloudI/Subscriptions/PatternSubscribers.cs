namespace CloudI.Subscriptions;

/// <summary>
/// The result of looking a name up (§1.3, §3): the single winning pattern, the wildcard parts
/// of the match, and the candidate entries of that pattern in join order (oldest first) after
/// sender exclusion. An empty <see cref="Candidates"/> list means "no destination": the lookup
/// never falls back to a less specific pattern.
/// </summary>
/// <typeparam name="TSubscriber">The subscriber identity.</typeparam>
/// <param name="Name">The looked-up name.</param>
/// <param name="Pattern">The full pattern that won.</param>
/// <param name="WildcardParts">The name substring each wildcard matched, left to right.</param>
/// <param name="Candidates">Entries of <paramref name="Pattern"/>, oldest first, sender excluded.</param>
public sealed record PatternSubscribers<TSubscriber>(
    string Name,
    string Pattern,
    IReadOnlyList<string> WildcardParts,
    IReadOnlyList<Subscription<TSubscriber>> Candidates)
    where TSubscriber : notnull;
