namespace CloudI.Examples;

/// <summary>An info message a <see cref="MessagingService"/> posts to itself: run <see cref="Run"/>'s active phase is over time.</summary>
internal sealed record MessagingActiveDeadline(int Run);
