using System.Net;
using HarpCaller.Configuration;
using HarpCaller.Hosting;
using HarpCaller.TestHarpd;

namespace HarpCaller.Client.Tests.Support;

/// <summary>
/// The real dispatcher on loopback port 0 with the real TestHarpd behind it, registered as host
/// <c>h1</c> through a hosts script. Shared by the functional tests of one collection.
/// </summary>
public sealed class DispatcherFixture : IAsyncLifetime
{
    /// <summary>The one host the registry knows.</summary>
    public const string Host = "h1";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "harp-client-tests-" + Guid.NewGuid().ToString("N"));
    private TestHarpd.TestHarpd? _harpd;
    private DispatcherHost? _dispatcher;

    public IPEndPoint Endpoint => _dispatcher!.ClientEndpoints[0];

    /// <summary>"127.0.0.1:PORT", for the CLIs.</summary>
    public string Server => $"{Endpoint.Address}:{Endpoint.Port}";

    public HarpCallerClient CreateClient(TimeSpan? waitTimeout = null) => new(new HarpCallerClientOptions
    {
        Host = Endpoint.Address.ToString(),
        Port = Endpoint.Port,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(10),

        // Bounded well under the test timeouts so a lost reply fails the test instead of hanging it.
        WaitTimeout = waitTimeout ?? TimeSpan.FromSeconds(20),
    });

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _harpd = await TestHarpd.TestHarpd.StartAsync(new TestHarpdOptions());

        // The registry is filled by a script, exactly as in production; it must be executable by us only.
        var script = Path.Combine(_directory, "hosts.sh");
        await File.WriteAllTextAsync(
            script,
            "#!/bin/sh\n" +
            $"echo '{{\"hostname\":\"{Host}\",\"address\":\"127.0.0.1\",\"port\":{_harpd.Port},\"credentials\":{{\"user\":\"rpc\",\"password\":\"secret\"}}}}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var options = new HarpCallerOptions
        {
            Listen = [new ListenAddress("127.0.0.1", 0)],
            StreamDirectory = Path.Combine(_directory, "stream"),
            HostDbScript = script,
            HostDb = Path.Combine(_directory, "hosts.db"),
            CaFile = null,
            KnownCertsFile = null,
            DefaultTimeout = TimeSpan.FromSeconds(30),
            MaxExecTime = TimeSpan.FromSeconds(60),
        };
        Directory.CreateDirectory(options.StreamDirectory);
        _dispatcher = await DispatcherHost.StartAsync(options).WaitAsync(TimeSpan.FromSeconds(30));

        // The script runs in the background at start (the registry file is absent, hence stale);
        // wait, bounded, until its host is known so the first call does not race it.
        await _dispatcher.Hosts.RefreshAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!_dispatcher.Hosts.TryGet(Host, out _))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The hosts script did not register h1 within 20 s.");
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.StopAsync(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (_harpd is not null)
        {
            await _harpd.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is not worth failing the run.
        }
    }
}
