using HarpCaller.Configuration;
using HarpCaller.Dispatching;
using Microsoft.Extensions.Logging;

namespace HarpCaller.Server;

/// <summary>What every client connection needs: the engine and the limits (which a reload may change).</summary>
internal sealed class ClientConnectionContext(Dispatcher dispatcher, ClientLimits limits, TimeProvider time, ILogger logger)
{
    private ClientLimits _limits = limits;

    public Dispatcher Dispatcher { get; } = dispatcher;

    /// <summary>The limits in force; new connections and requests read them afresh.</summary>
    public ClientLimits Limits
    {
        get => Volatile.Read(ref _limits);
        set => Volatile.Write(ref _limits, value);
    }

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>A client that stops reading is dropped after this: a follower must not pin memory forever.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
