using Microsoft.Extensions.Logging;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Log messages of the hosts registry (event ids 4000–4099, all here).
/// </summary>
/// <remarks>
/// No message takes a credential, a raw output line or a JSON exception message (those quote
/// input bytes): the spec forbids credentials in logs, and an ignored line is identified by its
/// number and hostname only.
/// </remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Hosts registry loaded from {Path}: {Count} hosts, last refreshed {RefreshedAt:O}")]
    public static partial void RegistryLoaded(ILogger logger, string path, int count, DateTimeOffset refreshedAt);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Hosts registry file {Path} does not exist; starting with an empty registry")]
    public static partial void RegistryFileMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error,
        Message = "Hosts registry file {Path} is corrupt or not in this dispatcher's format ({Reason}); starting with an empty registry")]
    public static partial void RegistryFileCorrupt(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error,
        Message = "Hosts registry file {Path} could not be read; starting with an empty registry")]
    public static partial void RegistryFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "No host_db_script configured; the hosts registry is only what {Path} holds")]
    public static partial void NoScriptConfigured(ILogger logger, string path);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information,
        Message = "Hosts registry is stale (last refreshed {RefreshedAt:O}); running {Script} now")]
    public static partial void StaleAtStart(ILogger logger, DateTimeOffset? refreshedAt, string script);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug,
        Message = "Running hosts registry script {Script}")]
    public static partial void ScriptStarting(ILogger logger, string script);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
        Message = "Hosts registry refreshed by {Script}: {Count} hosts, {Ignored} lines ignored, in {ElapsedMs} ms")]
    public static partial void RefreshSucceeded(ILogger logger, string script, int count, int ignored, long elapsedMs);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning,
        Message = "Hosts registry script {Script} exited with code {ExitCode}; registry left unchanged")]
    public static partial void ScriptFailed(ILogger logger, string script, int exitCode);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error,
        Message = "Hosts registry script {Script} was killed by signal {Signal}; registry left unchanged")]
    public static partial void ScriptCrashed(ILogger logger, string script, int signal);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Error,
        Message = "Hosts registry script {Script} did not finish within {Timeout}; killed it; registry left unchanged")]
    public static partial void ScriptTimedOut(ILogger logger, string script, TimeSpan timeout);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Error,
        Message = "Hosts registry script {Script} could not be started; registry left unchanged")]
    public static partial void ScriptStartFailed(ILogger logger, string script, Exception exception);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Error,
        Message = "Hosts registry script {Script} wrote more than {MaxBytes} bytes; killed it; registry left unchanged")]
    public static partial void ScriptOutputTooLarge(ILogger logger, string script, long maxBytes);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Debug,
        Message = "Hosts registry script {Script} wrote on standard error: {Stderr}")]
    public static partial void ScriptStderr(ILogger logger, string script, string stderr);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Debug,
        Message = "Ignored line {LineNumber} of the hosts registry script's output: {Reason} (hostname: {Hostname})")]
    public static partial void LineIgnored(ILogger logger, long lineNumber, HostLineRejection reason, string? hostname);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Debug,
        Message = "More lines of the hosts registry script's output were ignored; only the first {Logged} are logged")]
    public static partial void MoreLinesIgnored(ILogger logger, int logged);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information,
        Message = "Hosts registry script {Script} was stopped because the registry is shutting down")]
    public static partial void ScriptAborted(ILogger logger, string script);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Error,
        Message = "Hosts registry refresh failed unexpectedly; registry left unchanged")]
    public static partial void RefreshFaulted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning,
        Message = "The process tree of hosts registry script {Script} could not be killed")]
    public static partial void KillFailed(ILogger logger, string script, Exception exception);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Debug,
        Message = "Hosts registry refresh requested while one is running; ignored")]
    public static partial void RefreshAlreadyRunning(ILogger logger);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Debug,
        Message = "Hosts registry refresh requested but no host_db_script is configured")]
    public static partial void RefreshWithoutScript(ILogger logger);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Debug,
        Message = "Hosts registry persisted to {Path} ({Count} hosts)")]
    public static partial void Persisted(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Error,
        Message = "Hosts registry could not be written to {Path}; the new registry is in force until restart only")]
    public static partial void PersistFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 4050, Level = LogLevel.Warning,
        Message = "host_db changed from {OldPath} to {NewPath}; the change takes effect at the next start")]
    public static partial void HostDbChangeNeedsRestart(ILogger logger, string oldPath, string newPath);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Information,
        Message = "Hosts registry settings changed: script {Script}, refresh every {Refresh}")]
    public static partial void Reconfigured(ILogger logger, string? script, TimeSpan refresh);
}
