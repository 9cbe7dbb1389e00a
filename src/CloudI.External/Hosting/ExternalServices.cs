using CloudI.Runtime;

namespace CloudI.External.Hosting;

/// <summary>Lets a <see cref="CloudIRuntime"/> start external (OS process) services.</summary>
public static class ExternalServices
{
    /// <summary>
    /// Enables <c>{external, ...}</c> services on <paramref name="runtime"/>: they are then started
    /// by <see cref="CloudIRuntime.AddServiceAsync"/> like internal ones.
    /// </summary>
    public static void Enable(CloudIRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var pids = new PidIdentities(runtime.Options.NodeName);
        runtime.ExternalServices = (rt, id, config, settings) => new ExternalServiceInstance(rt, id, config, settings, pids);
    }
}
