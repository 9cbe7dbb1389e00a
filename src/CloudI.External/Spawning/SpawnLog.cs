using Microsoft.Extensions.Logging;

namespace CloudI.External.Spawning;

/// <summary>Log messages of the spawning code (source-generated, no allocation when disabled).</summary>
internal static partial class SpawnLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "(STDOUT:{OsPid}) {Line}")]
    public static partial void Stdout(ILogger logger, int osPid, string line);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "(STDERR:{OsPid}) {Line}")]
    public static partial void Stderr(ILogger logger, int osPid, string line);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "OS pid {OsPid} exited with {Status}")]
    public static partial void ExitedNormally(ILogger logger, int osPid, ExitStatus status);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "OS pid {OsPid} exited with {Status}")]
    public static partial void ExitedAbnormally(ILogger logger, int osPid, ExitStatus status);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "OS pid {OsPid} spawned: {Command}")]
    public static partial void Spawned(ILogger logger, int osPid, string command);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "OS pid {OsPid} output handler failed")]
    public static partial void HandlerFailed(ILogger logger, int osPid, Exception exception);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "OS pid {OsPid} monitor failed")]
    public static partial void MonitorFailed(ILogger logger, int osPid, Exception exception);
}
