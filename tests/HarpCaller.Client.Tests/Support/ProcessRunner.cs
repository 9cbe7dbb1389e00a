using System.Diagnostics;

namespace HarpCaller.Client.Tests.Support;

/// <summary>Runs a child process with a hard time bound (killed when exceeded) and captures its output.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan bound, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Child processes must not inherit a HARP_SERVER from the developer's shell.
        info.Environment.Remove("HARP_SERVER");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not exit within {bound}; stderr so far: {(stderr.IsCompleted ? stderr.Result : "")}");
        }

        return new ProcessResult(process.ExitCode, await stdout.WaitAsync(bound), await stderr.WaitAsync(bound));
    }

    /// <summary>Runs the harp CLI (the harp.dll copied next to the test assembly) with <c>dotnet</c>.</summary>
    public static Task<ProcessResult> RunHarpAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "harp.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("harp.dll is not next to the test assembly; build src/harp.", dll);
        }

        return RunAsync("dotnet", [dll, .. arguments], TimeSpan.FromSeconds(60), environment);
    }

    /// <summary>Finds a file of the repository by walking up from the test assembly.</summary>
    public static string FindRepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
