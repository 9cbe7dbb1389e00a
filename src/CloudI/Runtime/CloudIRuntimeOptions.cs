using CloudI.Names;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudI.Runtime;

/// <summary>Settings of a <see cref="CloudIRuntime"/> that are not per service.</summary>
public sealed class CloudIRuntimeOptions
{
    /// <summary>The node name, folded into every TransId's node field.</summary>
    public string NodeName { get; init; } = "cloudi@localhost";

    /// <summary>Name syntax: 2.0.x (<c>?</c> is a wildcard) unless a 1.5.3 wire says otherwise.</summary>
    public ServiceNameFlavor Flavor { get; init; } = ServiceNameFlavor.Version20;

    /// <summary>Where the runtime and its services log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock of restart counting (MaxT); tests pass a controllable one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Run an idle destination's handler on the sender's thread for asynchronous sends and
    /// forwards too (send_sync always does). Saves a thread switch per request; the send then
    /// returns once the handler finished or first awaited.
    /// </summary>
    public bool InlineAsyncDelivery { get; init; }

    /// <summary>The named ACL lists (from the configuration file's <c>acl</c> section); empty when null.</summary>
    public Configuration.AclTable? Acl { get; init; }

    /// <summary>How often handler deadlines are checked and expired entries swept.</summary>
    public TimeSpan WatchdogPeriod { get; init; } = TimeSpan.FromMilliseconds(100);
}
