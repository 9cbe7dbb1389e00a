namespace CloudI.Names;

/// <summary>
/// The outcome of a successful lookup: the winning full pattern (what CloudI hands to the
/// request handler as <c>Pattern</c>), the value stored under it, and the text each wildcard
/// consumed, in pattern order.
/// </summary>
/// <typeparam name="TValue">The value type stored in the trie.</typeparam>
/// <param name="Pattern">The full pattern that won.</param>
/// <param name="Value">The value stored under <paramref name="Pattern"/>.</param>
/// <param name="WildcardParts">The name substring each wildcard matched, left to right.</param>
public sealed record PatternMatch<TValue>(string Pattern, TValue Value, IReadOnlyList<string> WildcardParts);
