namespace CloudI.External.Launch;

/// <summary>The CloudI reason atoms raised by the launch helpers (spec §1.3–§1.4).</summary>
public static class LaunchReasons
{
    /// <summary>The executable path expanded to the empty string.</summary>
    public const string FilePathInvalidExpanded = "service_external_file_path_invalid_expanded";
    /// <summary>The args string has an unterminated quote (1.5.3 called it service_external_args_malformed).</summary>
    public const string ArgsInvalidQuotes = "service_external_args_invalid_quotes";
    /// <summary>An env entry's name expanded to the empty string (or cannot be passed to execve).</summary>
    public const string EnvInvalidExpanded = "service_external_env_invalid_expanded";
    /// <summary>An env key or value is not valid Unicode (unpaired surrogate) after substitution.</summary>
    public const string EnvInvalidUnicode = "service_external_env_invalid_unicode";
}
