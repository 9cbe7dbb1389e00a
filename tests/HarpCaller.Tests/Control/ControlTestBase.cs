using HarpCaller.Control;
using HarpCaller.Tests.Engine;

namespace HarpCaller.Tests.Control;

/// <summary>A test class with its own dispatcher and control socket (see <see cref="ControlHarness"/>).</summary>
public abstract class ControlTestBase(string socketName) : IAsyncLifetime
{
    private ControlHarness _c = null!;

    private protected EngineHarness H => _c.Engine;

    private protected ControlSocketServer Server => _c.Server;

    private protected TestLifecycle Lifecycle => _c.Lifecycle;

    private protected string SocketPath => _c.Path;

    public async Task InitializeAsync() => _c = await ControlHarness.StartAsync(socketName);

    public async Task DisposeAsync() => await _c.DisposeAsync();
}
