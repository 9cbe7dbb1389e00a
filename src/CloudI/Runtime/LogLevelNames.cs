using CloudI.Configuration;

namespace CloudI.Runtime;

/// <summary>The CloudI level atoms (<c>off</c>, <c>fatal</c> … <c>trace</c>) and <see cref="CloudILogLevel"/>.</summary>
public static class LogLevelNames
{
    /// <summary>The atom of a level.</summary>
    public static string Name(CloudILogLevel level) => level switch
    {
        CloudILogLevel.Fatal => "fatal",
        CloudILogLevel.Error => "error",
        CloudILogLevel.Warn => "warn",
        CloudILogLevel.Info => "info",
        CloudILogLevel.Debug => "debug",
        CloudILogLevel.Trace => "trace",
        _ => "off",
    };

    /// <summary>Reads a level atom; false for anything else.</summary>
    public static bool TryParse(string name, out CloudILogLevel level)
    {
        CloudILogLevel? parsed = name switch
        {
            "fatal" => CloudILogLevel.Fatal,
            "error" => CloudILogLevel.Error,
            "warn" => CloudILogLevel.Warn,
            "info" => CloudILogLevel.Info,
            "debug" => CloudILogLevel.Debug,
            "trace" => CloudILogLevel.Trace,
            "off" => CloudILogLevel.Off,
            _ => null,
        };
        level = parsed.GetValueOrDefault();
        return parsed is not null;
    }
}
