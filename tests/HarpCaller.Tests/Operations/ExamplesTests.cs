using System.Diagnostics;
using HarpCaller.Tests.Processes;

namespace HarpCaller.Tests.Operations;

/// <summary>
/// The commands of <c>examples/harpcallerd.service</c> and <c>examples/logrotate</c>, run as
/// written there (paths swapped for temporary ones) against a real daemon.
/// </summary>
public sealed class ExamplesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string Example(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", name));

    private static string Localise(string command, OpsHarness h, string pidfile, int pid = 0) => command
        .Replace("/opt/harpcaller/harpcallerd", $"dotnet '{RepoPaths.Harpcallerd}'")
        .Replace("/run/harpcaller/control", h.Socket)
        .Replace("/run/harpcaller/harpcallerd.pid", pidfile)
        .Replace("/etc/harpcaller/harpcaller.toml", h.ConfigPath)
        .Replace("$MAINPID", pid.ToString());

    private static string Directive(string unit, string name) =>
        unit.Split('\n').Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    private static Process Shell(string command)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        info.Environment.Remove("OPENSSL_CONF");
        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Output)> RunAsync(string command)
    {
        using var process = Shell(command);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(Bound);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task TheSystemdUnit_StartsWaitsReloadsAndStops()
    {
        await using var h = await OpsHarness.CreateAsync();
        var unit = Example("harpcallerd.service");
        var pidfile = h.Dir.File("harpcallerd.pid");

        using var daemon = Shell("exec " + Localise(Directive(unit, "ExecStart"), h, pidfile));
        try
        {
            var post = await RunAsync(Localise(Directive(unit, "ExecStartPost"), h, pidfile));
            Assert.True(post.Code == 0, post.Output);
            await Poll.UntilAsync(() => File.Exists(pidfile), "the pidfile");
            Assert.Equal($"{daemon.Id}\n", await File.ReadAllTextAsync(pidfile));

            var reload = await RunAsync(Localise(Directive(unit, "ExecReload"), h, pidfile, daemon.Id));
            Assert.True(reload.Code == 0, reload.Output);
            Assert.Equal("running\n", (await h.Cli("status")).Out);

            var stop = await RunAsync(Localise(Directive(unit, "ExecStop"), h, pidfile));
            Assert.True(stop.Code == 0, stop.Output);
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await daemon.WaitForExitAsync(exited.Token);
            Assert.Equal(0, daemon.ExitCode);
            Assert.False(File.Exists(pidfile));
            Assert.False(File.Exists(h.Socket));
        }
        finally
        {
            if (!daemon.HasExited) daemon.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task TheLogrotatePostrotateCommands_ReopenTheLogAndPrune()
    {
        var log = Path.Combine(Path.GetTempPath(), $"harpcaller-example-{Guid.NewGuid():N}", "harpcaller.log");
        await using var h = await OpsHarness.CreateAsync($"\n[erlang]\nlog_file = \"{log}\"\n");
        await h.StartDaemonAsync(); // the harness stops it
        var rotate = Example("logrotate");
        var script = rotate[(rotate.IndexOf("postrotate", StringComparison.Ordinal) + "postrotate".Length)..rotate.IndexOf("endscript", StringComparison.Ordinal)];
        var commands = script.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, commands.Count);
        try
        {
            File.Move(log, log + ".1");
            foreach (var command in commands)
            {
                var r = await RunAsync(Localise(command, h, h.Dir.File("unused.pid")));
                Assert.True(r.Code == 0, r.Output);
            }
            await Poll.UntilAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("prune_jobs"), "the reopened log file");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(log)!, recursive: true);
        }
    }
}
