using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Hosts;

/// <summary>One log call recorded by <see cref="CapturingLogger{T}"/>.</summary>
internal sealed record CapturedLog(LogLevel Level, int EventId, string Message, IReadOnlyList<string> Values, string? Exception);
