using System.Runtime.Versioning;
using HarpCaller.Hosts;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Tests.Hosts;

/// <summary>Credentials never reach the log, whatever the script prints and however the run ends.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostsRegistryLoggingTests : HostsRegistryFixture
{
    [Fact]
    public async Task Logs_NeverContainAPassword_AcrossLoadRefreshIgnoredLinesAndFailures()
    {
        // A corrupt host_db holding a password.
        Directory.CreateDirectory(Path.GetDirectoryName(Dir.HostDb)!);
        await File.WriteAllTextAsync(Dir.HostDb, "{\"format\":\"harpcallerd-hosts\",\"version\":1,\"refreshed\":\"2025-01-01T00:00:00Z\",\"hosts\":1}\n"
            + "{\"hostname\":\"h\",\"credentials\":{\"user\":\"u\",\"password\":\"pw-SECRET\"}}\n");

        string[] lines =
        [
            HostLines.Valid("ok1", password: "pw-SECRET-1"),
            .. HostLines.Rejected().Select(row => (string)row[1]),
            HostLines.Valid(new string('x', 400), password: "pw-SECRET-long"),
            HostLines.Valid("ok2", password: "pw-SECRET-2"),
        ];
        string script = await Dir.WriteEchoScriptAsync("hosts", lines);
        HostsRegistry registry = Create(script, tune: o => o with { MaxLineBytes = 300 });

        await registry.StartAsync(CancellationToken.None).WaitAsync(Bound);
        RefreshOutcome succeeded = await registry.CurrentRun!.WaitAsync(Bound);

        await Dir.WriteEchoScriptAsync("hosts", lines, exitCode: 2);
        RefreshOutcome failed = await registry.RefreshAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(RefreshStatus.Succeeded, succeeded.Status);
        Assert.Equal(["ok1", "ok2"], Names(registry));
        Assert.Equal(RefreshStatus.Failed, failed.Status);
        // The ignored lines were logged (at debug level, by number and hostname)...
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Debug && e.EventId == 4018 && e.Message.Contains("web01", StringComparison.Ordinal));
        Assert.Contains(Logger.Entries, e => e.EventId == 4018 && e.Message.Contains("TooLong", StringComparison.Ordinal));
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 4002);
        // ...and nothing anywhere carries a password.
        Assert.DoesNotContain("SECRET", Logger.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", string.Join("\n", registry.List().Select(h => h.ToString())), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", succeeded.ToString() + failed.ToString(), StringComparison.Ordinal);
    }
}
