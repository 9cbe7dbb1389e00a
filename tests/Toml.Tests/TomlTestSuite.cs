namespace Toml.Tests;

/// <summary>Locates the shared toml-test suite and lists its TOML 1.0 cases.</summary>
internal static class TomlTestSuite
{
    private const string SuiteRelative = "shared/conformance/toml-test";

    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The suite's tests/ directory.</summary>
    internal static string TestsDirectory => Path.Combine(Root.Value, "tests");

    internal static IEnumerable<string> ListedFiles() =>
        File.ReadAllLines(Path.Combine(TestsDirectory, "files-toml-1.0.0"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0);

    /// <summary>Valid cases, as paths relative to tests/ ("valid/x.toml"); each has a .json beside it.</summary>
    internal static IEnumerable<string> ValidCases() =>
        ListedFiles().Where(f => f.StartsWith("valid/", StringComparison.Ordinal) && f.EndsWith(".toml", StringComparison.Ordinal));

    internal static IEnumerable<string> InvalidCases() =>
        ListedFiles().Where(f => f.StartsWith("invalid/", StringComparison.Ordinal) && f.EndsWith(".toml", StringComparison.Ordinal));

    internal static string FullPath(string relative) => Path.Combine(TestsDirectory, relative);

    /// <summary>
    /// Walks up from the test binaries: shared/ is either inside an ancestor or beside the repository root
    /// (the directory holding HarpCaller.slnx).
    /// </summary>
    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var inside = Path.Combine(dir.FullName, SuiteRelative);
            if (Directory.Exists(inside))
            {
                return inside;
            }

            if (File.Exists(Path.Combine(dir.FullName, "HarpCaller.slnx")))
            {
                var beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", SuiteRelative));
                if (Directory.Exists(beside))
                {
                    return beside;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"toml-test suite not found: no '{SuiteRelative}' above {AppContext.BaseDirectory} or beside the repository root");
    }
}
