namespace CloudI.External.Launch;

/// <summary>
/// The fully expanded command of one external OS process (spec §1.3–§1.4): what to pass to
/// <c>posix_spawn</c>/<c>execve</c>.
/// </summary>
public sealed class LaunchCommand
{
    private LaunchCommand(string filePath, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, string? directory)
    {
        FilePath = filePath;
        Arguments = arguments;
        Environment = environment;
        WorkingDirectory = directory;
    }

    /// <summary>The <c>directory</c> option after substitution (semantics: <c>$VAR</c> applies); null to stay in the runtime's.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>The executable path after substitution; also argv[0] (the full path, not a basename).</summary>
    public string FilePath { get; }

    /// <summary>argv[1..].</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The complete <c>KEY=VALUE</c> environment block.</summary>
    public IReadOnlyList<string> Environment { get; }

    /// <summary>argv including argv[0].</summary>
    public string[] ToArgv()
    {
        var argv = new string[Arguments.Count + 1];
        argv[0] = FilePath;
        for (int i = 0; i < Arguments.Count; i++)
            argv[i + 1] = Arguments[i];
        return argv;
    }

    /// <summary>
    /// Expands a service's <paramref name="filePath"/>, <paramref name="args"/> and <paramref name="env"/> for
    /// one OS process. <paramref name="processEnvironment"/> is the runtime's environment (default: the real one);
    /// the <c>CLOUDI_API_INIT_*</c> values take precedence in substitution.
    /// </summary>
    /// <exception cref="LaunchException">With the CloudI reason atom of the first problem found.</exception>
    public static LaunchCommand Create(string filePath, string args, IEnumerable<KeyValuePair<string, string>> env,
        ApiInitVariables init, Func<string, string?>? processEnvironment = null, string? directory = null)
    {
        Func<string, string?> lookup =
            ExternalEnvironment.CreateLookup(init, processEnvironment ?? System.Environment.GetEnvironmentVariable);
        string path = ExpandFilePath(filePath, lookup);
        IReadOnlyList<string> arguments = ArgumentSplitter.Parse(args ?? "", lookup);
        IReadOnlyList<string> environment = ExternalEnvironment.Build(env, init, lookup);
        return new LaunchCommand(path, arguments, environment, directory is null ? null : VariableSubstitution.Expand(directory, lookup));
    }

    /// <summary>Substitutes the executable path; empty → <c>service_external_file_path_invalid_expanded</c>.</summary>
    public static string ExpandFilePath(string filePath, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        string path = VariableSubstitution.Expand(filePath, lookup);
        if (path.Length == 0)
            throw new LaunchException(LaunchReasons.FilePathInvalidExpanded, $"file path \"{filePath}\" expands to the empty string");
        return path;
    }
}
