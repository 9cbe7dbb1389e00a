using HarpCaller.Control;
using HarpCaller.Tests.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarpCaller.Tests.Control;

/// <summary>A real dispatcher (see <see cref="EngineHarness"/>) with its control socket serving.</summary>
internal sealed class ControlHarness : IAsyncDisposable
{
    private ControlHarness(EngineHarness engine, ControlSocketServer server, TestLifecycle lifecycle, string path)
    {
        Engine = engine;
        Server = server;
        Lifecycle = lifecycle;
        Path = path;
    }

    public EngineHarness Engine { get; }

    public ControlSocketServer Server { get; }

    public TestLifecycle Lifecycle { get; }

    /// <summary>The socket's path.</summary>
    public string Path { get; }

    /// <summary>Starts both; <paramref name="socketName"/> is relative to the engine's temporary directory.</summary>
    public static async Task<ControlHarness> StartAsync(string socketName = "control")
    {
        var engine = await EngineHarness.StartAsync();
        var path = engine.Dir.File(socketName);
        var server = ControlSocketServer.Bind(path, NullLogger.Instance);
        var lifecycle = new TestLifecycle(engine.Host);
        server.Start(engine.Host, lifecycle);
        return new ControlHarness(engine, server, lifecycle, path);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
