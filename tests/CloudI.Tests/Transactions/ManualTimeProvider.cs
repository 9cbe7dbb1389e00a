namespace CloudI.Tests.Transactions;

/// <summary>A clock the test sets by hand: frozen unless moved.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    // Ticks rather than the struct, so threads reading while a test moves the clock never see a torn value.
    private long _utcTicks = start.UtcTicks;

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
}
