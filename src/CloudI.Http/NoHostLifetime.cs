using Microsoft.Extensions.Hosting;

namespace CloudI.Http;

/// <summary>
/// A host lifetime that ignores the console: the front is one service inside a runtime, so
/// Ctrl+C and SIGTERM belong to the process's owner, not to the embedded web host.
/// </summary>
internal sealed class NoHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
