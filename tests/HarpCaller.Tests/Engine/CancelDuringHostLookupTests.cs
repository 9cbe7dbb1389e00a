using System.Diagnostics;
using System.Text.Json;

namespace HarpCaller.Tests.Engine;

/// <summary>
/// A job whose host is not known yet waits for the registry refresh in progress (up to 30 s).
/// A cancel in that time ends it at once, and it never counts as started (spec 1.4, 1.6).
/// </summary>
public sealed class CancelDuringHostLookupTests
{
    [Fact]
    public async Task Cancel_while_the_host_lookup_waits_for_a_refresh_ends_the_job_at_once_unstarted()
    {
        string? goFile = null;
        await using var h = await EngineHarness.StartAsync(options =>
        {
            // The first refresh (at start, the registry being empty) hangs until the test says go.
            var dir = Path.GetDirectoryName(options.HostDbScript)!;
            goFile = Path.Combine(dir, "go");
            var script = Path.Combine(dir, "slow-hosts.sh");
            File.WriteAllText(script, $"#!/bin/sh\ni=0; while [ ! -e '{goFile}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n" +
                $"echo '{EngineHarness.HostLine("late", "127.0.0.1", "1")}'\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return options with { HostDbScript = script };
        });
        try
        {
            var id = await h.SubmitAsync("late", "return", "[1]");
            var clock = Stopwatch.StartNew();
            Assert.Equal("{\"cancelled\":true}", await h.RequestAsync($"{{\"harpcaller\":1,\"cancel\":\"{id}\"}}"));
            // Not after the 30 s lookup bound: the cancel ended the wait.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancel took {clock.Elapsed}");
            Assert.Equal("{\"cancelled\":true}", await h.ResultAsync(id));
            var time = JsonDocument.Parse(await h.StatusAsync(id)).RootElement.GetProperty("time");
            Assert.Equal(JsonValueKind.Null, time.GetProperty("start").ValueKind);
        }
        finally
        {
            File.WriteAllText(goFile!, "");
        }
    }
}
