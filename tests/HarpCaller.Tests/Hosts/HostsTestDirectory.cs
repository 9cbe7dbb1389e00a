using System.Diagnostics;

namespace HarpCaller.Tests.Hosts;

/// <summary>A temporary directory holding filler scripts, the host_db file and marker files.</summary>
internal sealed class HostsTestDirectory : IDisposable
{
    public HostsTestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("harpcaller-hosts-").FullName;
    }

    public string Path { get; }

    public string HostDb => System.IO.Path.Combine(Path, "db", "hosts.db");

    public string Counter => System.IO.Path.Combine(Path, "counter");

    public string GoFile => System.IO.Path.Combine(Path, "go");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Shell lines that record one run in <see cref="Counter"/>.</summary>
    public string CountRun => $"echo run >> '{Counter}'\n";

    /// <summary>Shell lines that block until <see cref="ReleaseScripts"/> (or 30 s).</summary>
    public string WaitForGo => $"i=0; while [ ! -e '{GoFile}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n";

    public void ReleaseScripts() => System.IO.File.WriteAllText(GoFile, "go");

    public int RunCount => System.IO.File.Exists(Counter) ? System.IO.File.ReadAllLines(Counter).Length : 0;

    /// <summary>
    /// Writes an executable <c>#!/bin/sh</c> script (mode 0700).
    /// </summary>
    /// <remarks>
    /// The file is written by a child shell, not by this process: if this process held the
    /// file open for writing while another test forked, the fork could inherit that descriptor
    /// and exec-ing the script would fail with "Text file busy" (ETXTBSY).
    /// </remarks>
    public async Task<string> WriteScriptAsync(string name, string body)
    {
        string path = File(name);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("umask 077; rm -f \"$1\"; cat > \"$1\" && chmod 700 \"$1\"");
        startInfo.ArgumentList.Add("sh");
        startInfo.ArgumentList.Add(path);
        // Qualified: the test project has a HarpCaller.Tests.Process namespace.
        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(startInfo)!;
        await process.StandardInput.WriteAsync("#!/bin/sh\n" + body);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    /// <summary>A script printing <paramref name="lines"/> verbatim and exiting with <paramref name="exitCode"/>.</summary>
    public Task<string> WriteEchoScriptAsync(string name, IEnumerable<string> lines, int exitCode = 0, string before = "") =>
        WriteScriptAsync(name, $"{CountRun}{before}cat <<'END_OF_HOSTS'\n{string.Join("\n", lines)}\nEND_OF_HOSTS\nexit {exitCode}\n");

    public void Dispose()
    {
        // Unblock any script still polling for the go file before removing the directory.
        try
        {
            ReleaseScripts();
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
