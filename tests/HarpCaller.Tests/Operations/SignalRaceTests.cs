using System.Net.Sockets;

namespace HarpCaller.Tests.Operations;

/// <summary>Signals sent as soon as the daemon serves clients.</summary>
public sealed class SignalRaceTests
{
    private const int Attempts = 5;

    [Fact]
    public async Task Sighup_AsSoonAsTheClientPortAccepts_DoesNotKillTheDaemon()
    {
        await using var h = await OpsHarness.CreateAsync();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var daemon = h.LaunchDaemon(h.ConfigPath, h.Port);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                Assert.False(daemon.HasExited, daemon.Output);
                Assert.True(DateTime.UtcNow < deadline, "the daemon did not start");
                try
                {
                    using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    await probe.ConnectAsync(daemon.Server);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(5);
                }
            }
            // It serves clients: start-up is over, so SIGHUP means reload.
            daemon.Signal(OpsDaemon.SIGHUP);

            var status = await h.Cli("status");
            if (status.Code != 0 || daemon.HasExited)
            {
                var code = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
                Assert.Fail($"attempt {attempt}: SIGHUP right after the client port accepted ended the daemon (exit {code}): {status}\n{daemon.Output}");
            }
            var stop = await h.Cli("stop", "--timeout=30");
            Assert.True(stop.Code == 0, stop.ToString());
            Assert.Equal(0, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
    }
}
