namespace CloudI.Subscriptions;

/// <summary>
/// One subscription entry: a subscriber's single subscribe call for a full pattern. A
/// subscriber that subscribed k times has k entries, each an independent candidate.
/// </summary>
/// <typeparam name="TSubscriber">The subscriber identity.</typeparam>
/// <param name="Pattern">The full pattern subscribed.</param>
/// <param name="Subscriber">The subscriber (an external thread or an in-process service instance).</param>
/// <param name="Sequence">Registry-wide join order; larger is newer.</param>
public sealed record Subscription<TSubscriber>(string Pattern, TSubscriber Subscriber, long Sequence)
    where TSubscriber : notnull;
