using HarpCaller.Configuration;
using HarpCaller.Dispatching;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Server;

/// <summary>What every client connection needs: the engine and the limits.</summary>
internal sealed record ClientConnectionContext(Dispatcher Dispatcher, ClientLimits Limits, TimeProvider Time, ILogger Logger)
{
    /// <summary>A client that stops reading is dropped after this: a follower must not pin memory forever.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
