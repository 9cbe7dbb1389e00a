namespace HarpCaller.Logging;

/// <summary>Settings of the queued line sinks (<see cref="LogFileProvider"/>, <see cref="StdoutLoggerProvider"/>).</summary>
public sealed record LogQueueOptions
{
    /// <summary>Lines waiting to be written; when full, new lines are dropped and counted.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Clock giving each line its timestamp.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the sink reports its own trouble (once); null = standard error.</summary>
    public TextWriter? Error { get; init; }

    /// <summary>Longest wait on disposal for queued lines to be written.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
