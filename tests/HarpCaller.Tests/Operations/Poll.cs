namespace HarpCaller.Tests.Operations;

/// <summary>Polls a condition every 50 ms for a bounded time.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; after <paramref name="bound"/> fails naming
    /// <paramref name="what"/> and, when given, the last observed <paramref name="state"/>.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? DefaultBound);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not met in time: {what}" + (state is null ? "" : $"\nlast seen: {state()}"));
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null, Func<string>? state = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, bound, state);
}
