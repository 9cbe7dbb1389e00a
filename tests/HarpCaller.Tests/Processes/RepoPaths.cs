namespace HarpCaller.Tests.Processes;

/// <summary>Locates build outputs of sibling projects, in the test assembly's configuration.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";

    public static string Harpcallerd => Output("src/harpcallerd", "harpcallerd.dll");

    public static string TestHarpd => Output("tests/HarpCaller.TestHarpd", "HarpCaller.TestHarpd.dll");

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        if (!File.Exists(path)) throw new FileNotFoundException($"build output not found (build the solution first): {path}");
        return path;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HarpCaller.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
