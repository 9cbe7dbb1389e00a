namespace HarpCaller.Protocol;

/// <summary>The queue a call asks to wait in (spec 1.9).</summary>
/// <param name="NameJson">The queue name (a JSON object) as compact JSON text, as the client wrote it.</param>
/// <param name="Key">
/// The queue's identity: <see cref="JsonText.CanonicalKey"/> of the name, equal for names that are equal
/// as JSON values.
/// </param>
/// <param name="Concurrency">
/// The requested concurrency: the <c>concurrency</c> value when it is a positive integer that fits an
/// <see cref="int"/>, otherwise (absent, zero, negative, fractional, too large, not a number) 1.
/// </param>
public sealed record QueueSpec(string NameJson, string Key, int Concurrency);
