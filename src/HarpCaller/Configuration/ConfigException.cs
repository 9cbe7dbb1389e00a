namespace HarpCaller.Configuration;

/// <summary>
/// The one exception for an unusable configuration file: missing or unreadable, TOML syntax errors,
/// unknown keys, wrong types, out-of-range values. The message names the file, the line and the key:
/// <c>FILE:LINE: key "default_timeout": must be a positive number of seconds</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    internal ConfigException(string message, string fileName, int? line, string? key, Exception? innerException = null)
        : base(message, innerException)
    {
        FileName = fileName;
        Line = line;
        Key = key;
    }

    /// <summary>The configuration file as it was named to the loader.</summary>
    public string FileName { get; }

    /// <summary>1-based line of the problem; null when the file itself could not be read.</summary>
    public int? Line { get; }

    /// <summary>The key at fault, dotted for the [erlang] section (<c>erlang.node_name</c>); null for syntax and file errors.</summary>
    public string? Key { get; }
}
