using System.Collections.Concurrent;
using System.Diagnostics;
using HarpCaller.Tests.AdminCli;
using static HarpCaller.Tests.Engine.WireClient;

namespace HarpCaller.Tests.Operations;

/// <summary>CLI commands in parallel with clients submitting calls over TCP.</summary>
[Collection(SharedDaemonCollection.Name)]
public sealed class ConcurrencyTests(SharedDaemonFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Clients = 16;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(3);
    private readonly OpsHarness _h = fixture.H;

    [Fact]
    public async Task CliCommands_DuringASubmitLoad_AllExit0_AndEveryAcknowledgedJobGetsItsResult()
    {
        var known = await _h.SubmitAsync("return", "[\"known\"]");
        Assert.Equal("{\"result\":\"known\"}", await _h.ResultAsync(known));

        var acknowledged = new ConcurrentQueue<(string Id, string Value)>();
        using var stop = new CancellationTokenSource();
        var load = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var value = $"c{client}-{n}";
                var id = JobIdOf(await RequestAsync(_h.Server, Call("h1", "return", $"[\"{value}\"]")));
                acknowledged.Enqueue((id, value));
            }
        })).ToArray();

        CliResult[] results;
        string[][] commands = [["status"], ["list"], ["queue-list"], ["hosts-list"], ["info", known]];
        try
        {
            await Poll.UntilAsync(() => acknowledged.Count >= Clients || clients.Any(c => c.IsCompleted), "the load is on");
            results = await Task.WhenAll(commands.Concat(commands).Select(c => _h.Cli(c)));
            if (clients.FirstOrDefault(c => c.IsCompleted) is { } stopped) await stopped; // its exception, if any
            Assert.True(clients.All(c => !c.IsCompleted), "a client stopped before the CLI commands ended");
            output.WriteLine($"10 CLI commands done after {load.Elapsed.TotalSeconds:0.0} s of load, {acknowledged.Count} calls acknowledged so far; "
                + $"slowest command {results.Max(r => r.Elapsed).TotalMilliseconds:0} ms");
            var left = LoadDuration - load.Elapsed;
            if (left > TimeSpan.Zero) await Task.Delay(left);
        }
        finally
        {
            await stop.CancelAsync();
        }
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));

        for (var i = 0; i < results.Length; i++)
        {
            var r = results[i];
            var command = string.Join(' ', commands[i % commands.Length]);
            Assert.True(r.Code == 0, $"{command}: {r}");
            Assert.True(r.Err == "", $"{command}: {r}");
            switch (commands[i % commands.Length][0])
            {
                case "status":
                    Assert.Equal("running\n", r.Out);
                    break;
                case "hosts-list":
                    Assert.Equal($"{{\"hostname\":\"h1\",\"address\":\"127.0.0.1\",\"port\":{_h.Harpd.Port}}}\n", r.Out);
                    break;
                case "list":
                    JobLines.AssertKeys(r.Out, "job", "call", "time");
                    break;
                case "info":
                    Assert.Matches(JobLines.Pattern(known, "return", "[\"known\"]", started: true, ended: true), Assert.Single(JobLines.Split(r.Out)));
                    break;
            }
        }

        var jobs = acknowledged.ToArray();
        output.WriteLine($"{jobs.Length} calls acknowledged in {load.Elapsed.TotalSeconds:0.0} s");
        Assert.True(jobs.Length >= Clients, $"only {jobs.Length} calls acknowledged");
        Assert.Equal(jobs.Length, jobs.Select(j => j.Id).Distinct().Count());
        var pending = new ConcurrentQueue<(string Id, string Value)>(jobs);
        var failures = new ConcurrentQueue<string>();
        var readers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (pending.TryDequeue(out var job))
            {
                var result = await _h.ResultAsync(job.Id);
                if (result != $"{{\"result\":\"{job.Value}\"}}") failures.Enqueue($"{job.Id} ({job.Value}): {result}");
            }
        }));
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(failures);
    }
}
